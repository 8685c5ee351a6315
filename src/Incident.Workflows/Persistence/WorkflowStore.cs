using System.Data.Common;
using Dapper;
using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Persistence;

/// All SQL of the engine's tables (db/*/0010_create_workflow_tables.sql), run with Dapper on the
/// caller's connection and transaction. Dialects differ only in row locks, row limits and how ids
/// and times travel (TEXT for SQLite); values are always parameters.
internal sealed class WorkflowStore(WorkflowDialect dialect, DbConnection connection, DbTransaction? transaction) : IWorkflowStore
{
    private const string InstanceColumns = """
        id, definition_id, definition_version, correlation_id, status, variables, state, version, created_at, updated_at, finished_at
        """;

    private const string BookmarkColumns = """
        b.id, b.instance_id, b.activity_id, b.name, b.hash, b.payload, b.due_at, b.metadata, b.created_at
        """;

    private const string DefinitionColumns = """
        d.definition_id, d.version, d.name, d.status, d.document, d.format, d.created_at, d.published_at
        """;

    private readonly SqlValues _values = new(dialect);

    // Definitions

    public async Task<StoredWorkflowDefinition?> GetDefinitionAsync(string definitionId, int? version, bool publishedOnly, CancellationToken ct)
    {
        var sql = (version, publishedOnly) switch
        {
            (not null, false) => $"""
                select {DefinitionColumns}
                from workflow_definitions d
                where d.definition_id = @DefinitionId
                  and d.version = @Version
                """,
            (not null, true) => $"""
                select {DefinitionColumns}
                from workflow_definitions d
                where d.definition_id = @DefinitionId
                  and d.version = @Version
                  and d.status = 'published'
                """,
            (null, false) => $"""
                select {DefinitionColumns}
                from workflow_definitions d
                where d.definition_id = @DefinitionId
                  and d.version = (select max(m.version) from workflow_definitions m where m.definition_id = @DefinitionId)
                """,
            (null, true) => $"""
                select {DefinitionColumns}
                from workflow_definitions d
                where d.definition_id = @DefinitionId
                  and d.version = (select max(m.version) from workflow_definitions m where m.definition_id = @DefinitionId and m.status = 'published')
                """,
        };
        var row = await connection.QuerySingleOrDefaultAsync<DefinitionRow>(Command(sql, new { DefinitionId = definitionId, Version = version }, ct));
        return row?.ToDefinition(_values);
    }

    public async Task<int> NextDefinitionVersionAsync(string definitionId, CancellationToken ct) =>
        1 + await connection.ExecuteScalarAsync<int>(Command("""
            select coalesce(max(version), 0)
            from workflow_definitions
            where definition_id = @DefinitionId
            """, new { DefinitionId = definitionId }, ct));

    public Task InsertDefinitionAsync(StoredWorkflowDefinition d, CancellationToken ct) =>
        connection.ExecuteAsync(Command("""
            insert into workflow_definitions (definition_id, version, name, status, document, format, created_at, published_at)
            values (@DefinitionId, @Version, @Name, @Status, @Document, @Format, @CreatedAt, null)
            """, new
        {
            d.DefinitionId,
            d.Version,
            d.Name,
            Status = "draft",
            d.Document,
            Format = d.Format == DefinitionFormat.Yaml ? "yaml" : "json",
            CreatedAt = _values.Time(d.CreatedAt),
        }, ct));

    public async Task<bool> PublishDefinitionAsync(string definitionId, int version, DateTimeOffset now, CancellationToken ct) =>
        await connection.ExecuteAsync(Command("""
            update workflow_definitions
            set status = 'published',
                published_at = @Now
            where definition_id = @DefinitionId
              and version = @Version
              and status = 'draft'
            """, new { DefinitionId = definitionId, Version = version, Now = _values.Time(now) }, ct)) == 1;

    public async Task<IReadOnlyList<StoredWorkflowDefinition>> GetDefinitionHeadersAsync(CancellationToken ct) =>
        [.. (await connection.QueryAsync<DefinitionRow>(Command("""
            select d.definition_id, d.version, d.name, d.status, '' as document, d.format, d.created_at, d.published_at
            from workflow_definitions d
            order by d.definition_id, d.version
            """, null, ct))).Select(r => r.ToDefinition(_values))];

    public async Task<IReadOnlyList<StoredWorkflowDefinition>> GetLatestPublishedDefinitionsAsync(CancellationToken ct) =>
        [.. (await connection.QueryAsync<DefinitionRow>(Command($"""
            select {DefinitionColumns}
            from workflow_definitions d
            where d.status = 'published'
              and d.version = (select max(p.version) from workflow_definitions p where p.definition_id = d.definition_id and p.status = 'published')
            """, null, ct))).Select(r => r.ToDefinition(_values))];

    // Instances

    public async Task<InstanceRecord?> GetInstanceAsync(Guid instanceId, bool forUpdate, CancellationToken ct)
    {
        var sql = (forUpdate, dialect) switch
        {
            (true, WorkflowDialect.PostgreSql) => $"""
                select {InstanceColumns}
                from workflow_instances
                where id = @Id
                for update
                """,
            (true, WorkflowDialect.SqlServer) => $"""
                select {InstanceColumns}
                from workflow_instances with (updlock, rowlock)
                where id = @Id
                """,
            // SQLite: the caller's BEGIN IMMEDIATE transaction already serializes writers.
            _ => $"""
                select {InstanceColumns}
                from workflow_instances
                where id = @Id
                """,
        };
        var row = await connection.QuerySingleOrDefaultAsync<InstanceRow>(Command(sql, new { Id = _values.Id(instanceId) }, ct));
        return row?.ToRecord(_values);
    }

    public async Task<IReadOnlyList<InstanceRecord>> GetInstancesByCorrelationAsync(string correlationId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<InstanceRow>(Command($"""
            select {InstanceColumns}
            from workflow_instances
            where correlation_id = @CorrelationId
            order by created_at
            """, new { CorrelationId = correlationId }, ct))).Select(r => r.ToRecord(_values))];

    public Task InsertInstanceAsync(InstanceRecord i, CancellationToken ct) =>
        connection.ExecuteAsync(Command("""
            insert into workflow_instances (id, definition_id, definition_version, correlation_id, status, variables, state, version, created_at, updated_at, finished_at)
            values (@Id, @DefinitionId, @DefinitionVersion, @CorrelationId, @Status, @Variables, @State, @Version, @CreatedAt, @UpdatedAt, @FinishedAt)
            """, InstanceRow.Parameters(i, _values, i.Version), ct));

    public async Task<bool> UpdateInstanceAsync(InstanceRecord i, int expectedVersion, CancellationToken ct) =>
        await connection.ExecuteAsync(Command("""
            update workflow_instances
            set definition_version = @DefinitionVersion,
                status = @Status,
                variables = @Variables,
                state = @State,
                version = @Version,
                updated_at = @UpdatedAt,
                finished_at = @FinishedAt
            where id = @Id
              and version = @ExpectedVersion
            """, InstanceRow.Parameters(i, _values, expectedVersion), ct)) == 1;

    // Bookmarks

    public async Task<WorkflowBookmark?> GetBookmarkAsync(Guid bookmarkId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<BookmarkRow>(Command($"""
            select {BookmarkColumns}
            from workflow_bookmarks b
            where b.id = @Id
            """, new { Id = _values.Id(bookmarkId) }, ct)))?.ToBookmark(_values);

    public async Task<WorkflowBookmark?> FindBookmarkAsync(string correlationId, string hash, CancellationToken ct) =>
        (await connection.QueryAsync<BookmarkRow>(Command($"""
            select {BookmarkColumns}
            from workflow_bookmarks b
            join workflow_instances i on i.id = b.instance_id
            where i.correlation_id = @CorrelationId
              and i.finished_at is null
              and b.hash = @Hash
            order by b.created_at
            """, new { CorrelationId = correlationId, Hash = hash }, ct))).FirstOrDefault()?.ToBookmark(_values);

    public async Task<IReadOnlyList<WorkflowBookmark>> GetBookmarksAsync(Guid instanceId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BookmarkRow>(Command($"""
            select {BookmarkColumns}
            from workflow_bookmarks b
            where b.instance_id = @InstanceId
            order by b.created_at, b.name
            """, new { InstanceId = _values.Id(instanceId) }, ct))).Select(r => r.ToBookmark(_values))];

    public async Task<bool> DeleteBookmarkAsync(Guid bookmarkId, CancellationToken ct) =>
        await connection.ExecuteAsync(Command("""
            delete from workflow_bookmarks
            where id = @Id
            """, new { Id = _values.Id(bookmarkId) }, ct)) == 1;

    public async Task WriteBookmarksAsync(IReadOnlyList<WorkflowBookmark> created, IReadOnlyList<Guid> deleted, CancellationToken ct)
    {
        if (deleted.Count > 0)
        {
            await connection.ExecuteAsync(Command("""
                delete from workflow_bookmarks
                where id = @Id
                """, deleted.Select(id => new { Id = _values.Id(id) }).ToList(), ct));
        }

        if (created.Count > 0)
        {
            await connection.ExecuteAsync(Command("""
                insert into workflow_bookmarks (id, instance_id, activity_id, name, hash, payload, due_at, metadata, created_at)
                values (@Id, @InstanceId, @ActivityId, @Name, @Hash, @Payload, @DueAt, @Metadata, @CreatedAt)
                """, created.Select(b => BookmarkRow.Parameters(b, _values)).ToList(), ct));
        }
    }

    public Task MoveBookmarkAsync(Guid bookmarkId, string activityId, CancellationToken ct) =>
        connection.ExecuteAsync(Command("""
            update workflow_bookmarks
            set activity_id = @ActivityId
            where id = @Id
            """, new { Id = _values.Id(bookmarkId), ActivityId = activityId }, ct));

    public async Task<IReadOnlyList<DueTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var sql = dialect == WorkflowDialect.SqlServer
            ? """
                select top (@Limit) b.id, b.instance_id, i.correlation_id, b.due_at
                from workflow_bookmarks b
                join workflow_instances i on i.id = b.instance_id
                where b.due_at <= @Now
                  and i.status = 'suspended'
                order by b.due_at
                """
            : """
                select b.id, b.instance_id, i.correlation_id, b.due_at
                from workflow_bookmarks b
                join workflow_instances i on i.id = b.instance_id
                where b.due_at <= @Now
                  and i.status = 'suspended'
                order by b.due_at
                limit @Limit
                """;
        var rows = await connection.QueryAsync<DueTimerRow>(Command(sql, new { Now = _values.Time(now), Limit = limit }, ct));
        return [.. rows.Select(r => new DueTimer(SqlValues.ReadId(r.id), SqlValues.ReadId(r.instance_id), r.correlation_id, SqlValues.ReadTime(r.due_at)))];
    }

    // Journal and faults

    public Task AppendJournalAsync(IReadOnlyList<WorkflowJournalEntry> entries, CancellationToken ct) =>
        entries.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(Command("""
            insert into workflow_journal (id, instance_id, seq, activity_id, activity_type, outcome, occurred_at)
            values (@Id, @InstanceId, @Seq, @ActivityId, @ActivityType, @Outcome, @OccurredAt)
            """, entries.Select(e => new
        {
            Id = _values.Id(Guid.CreateVersion7(e.OccurredAt)),
            InstanceId = _values.Id(e.InstanceId),
            e.Seq,
            e.ActivityId,
            e.ActivityType,
            e.Outcome,
            OccurredAt = _values.Time(e.OccurredAt),
        }).ToList(), ct));

    public async Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid instanceId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<JournalRow>(Command("""
            select instance_id, seq, activity_id, activity_type, outcome, occurred_at
            from workflow_journal
            where instance_id = @InstanceId
            order by seq
            """, new { InstanceId = _values.Id(instanceId) }, ct)))
            .Select(r => new WorkflowJournalEntry(SqlValues.ReadId(r.instance_id), (int)r.seq, r.activity_id, r.activity_type, r.outcome, SqlValues.ReadTime(r.occurred_at)))];

    public Task InsertFaultAsync(WorkflowFault f, CancellationToken ct) =>
        connection.ExecuteAsync(Command("""
            insert into workflow_faults (id, instance_id, activity_id, message, occurred_at, resolved_at)
            values (@Id, @InstanceId, @ActivityId, @Message, @OccurredAt, null)
            """, new { Id = _values.Id(f.Id), InstanceId = _values.Id(f.InstanceId), f.ActivityId, f.Message, OccurredAt = _values.Time(f.OccurredAt) }, ct));

    public Task ResolveFaultsAsync(Guid instanceId, DateTimeOffset at, CancellationToken ct) =>
        connection.ExecuteAsync(Command("""
            update workflow_faults
            set resolved_at = @At
            where instance_id = @InstanceId
              and resolved_at is null
            """, new { InstanceId = _values.Id(instanceId), At = _values.Time(at) }, ct));

    public async Task<IReadOnlyList<WorkflowFault>> GetFaultsAsync(Guid instanceId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<FaultRow>(Command("""
            select id, instance_id, activity_id, message, occurred_at, resolved_at
            from workflow_faults
            where instance_id = @InstanceId
            order by occurred_at
            """, new { InstanceId = _values.Id(instanceId) }, ct)))
            .Select(r => new WorkflowFault(SqlValues.ReadId(r.id), SqlValues.ReadId(r.instance_id), r.activity_id, r.message, SqlValues.ReadTime(r.occurred_at), SqlValues.ReadOptionalTime(r.resolved_at)))];

    private CommandDefinition Command(string sql, object? parameters, CancellationToken ct) =>
        new(sql, parameters, transaction, cancellationToken: ct);
}
