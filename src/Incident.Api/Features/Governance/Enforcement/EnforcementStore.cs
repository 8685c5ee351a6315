using System.Data.Common;
using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// All writes to governance_enforcements, and the locked reads a write depends on. Imports are set-based: a batch
/// reads the external ids and strike histories it needs in a few IN queries and inserts in one stream (binary COPY
/// on PostgreSQL, one reused prepared insert elsewhere), inside the command's transaction.
/// </summary>
public sealed partial class EnforcementStore(DbSession session)
{
    /// <summary>Values per IN list: SQL Server takes at most 2,100 parameters a statement.</summary>
    private const int InChunk = 500;

    private const string Columns =
        """
        id, external_id, body_hash, rule_id, rule_version, subject_type, subject_id, guild_id, strike_subject_type, strike_subject_id,
        occurred_at, grave, shadow, strike, action, duration_days, reversed, reversed_at, education_completed_at, automated_detection,
        automated_decision, decision_ground, dsa_category, content_type, decision_visibility, decision_monetary, decision_provision,
        decision_account, territorial_scope, source_type, facts, imported_by, imported_at, content_date, content_language,
        illegal_content_legal_ground, illegal_content_explanation, incompatible_content_ground, incompatible_content_explanation
        """;

    /// <summary>The stored records among <paramref name="externalIds"/>, by external id.</summary>
    public async Task<Dictionary<string, StoredEnforcement>> ExistingAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var found = new Dictionary<string, StoredEnforcement>(StringComparer.Ordinal);
        var (condition, value, chunk) = Membership("e.external_id");
        var sql = session.Dialect.Provider == DatabaseProvider.Postgres
            ? $"""
              select e.*
              from unnest(@ids) as m(id)
              cross join lateral (
                  select {StoredEnforcement.Select}
                  from governance_enforcements e
                  where e.external_id = m.id
                  offset 0) e
              """
            : $"""
              select {StoredEnforcement.Select}
              from governance_enforcements e
              where {condition}
              """;
        foreach (var ids in externalIds.Chunk(chunk))
        {
            var rows = await connection.QueryAsync<StoredEnforcement>(new CommandDefinition(sql, new { ids = value(ids) }, tx, cancellationToken: ct));
            foreach (var row in rows)
            {
                found[row.ExternalId] = row;
            }
        }

        return found;
    }

    /// <summary>Locks one record until commit (appeals, education); null when there is none with that external id.</summary>
    public async Task<StoredEnforcement?> LockAsync(string externalId, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StoredEnforcement>(new CommandDefinition(
            $"""
            select {StoredEnforcement.Select}
            from governance_enforcements e {session.Dialect.LockHint}
            where e.external_id = @externalId
            {session.Dialect.ForUpdate}
            """,
            new { externalId }, tx, cancellationToken: ct));
    }

    /// <summary>Locks the records with these external ids until commit (a batch of appeals), by external id.</summary>
    public async Task<Dictionary<string, StoredEnforcement>> LockManyAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var found = new Dictionary<string, StoredEnforcement>(StringComparer.Ordinal);
        foreach (var chunk in externalIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(InChunk))
        {
            var rows = await connection.QueryAsync<StoredEnforcement>(new CommandDefinition(
                $"""
                select {StoredEnforcement.Select}
                from governance_enforcements e {session.Dialect.LockHint}
                where {session.Dialect.InList("e.external_id", "@ids")}
                {session.Dialect.ForUpdate}
                """,
                new { ids = chunk }, tx, cancellationToken: ct));
            foreach (var row in rows)
            {
                found[row.ExternalId] = row;
            }
        }

        return found;
    }

    /// <summary>Marks an education step done; only the first completion counts (re-violation is measured from it).</summary>
    public async Task CompleteEducationAsync(Guid id, DateTimeOffset completedAt, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_enforcements
            set education_completed_at = @completedAt
            where id = @id
                and education_completed_at is null
            """,
            new { id, completedAt }, tx, cancellationToken: ct));
        if (changed == 1)
        {
            await TallyCompletedAsync(await TallyRecordAsync(id, ct), ct);
        }
    }

    /// <summary>An overturned appeal withdraws the penalty: the record no longer counts as a strike.</summary>
    public async Task ReverseAsync(Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_enforcements
            set reversed = @yes, reversed_at = @at
            where id = @id
                and reversed = @no
            """,
            new { id, at, yes = true, no = false }, tx, cancellationToken: ct));
        if (changed == 1)
        {
            await TallyReversedAsync(await TallyRecordAsync(id, ct), ct);
        }
    }

    private async Task<TallyRecord> TallyRecordAsync(Guid id, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.QuerySingleAsync<TallyRecord>(new CommandDefinition(
            $"select {TallyRecord.Select} from governance_enforcements where id = @id", new { id }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// "column is one of @ids" for a batch of up to 10,000 values in as few statements as the provider allows. SQLite
    /// unpacks one JSON array (json_each) and probes the index for each value; SQL Server takes lists of 500 (2,100
    /// parameters a statement). PostgreSQL gets the whole array, unnested into one index probe per value by a lateral
    /// subquery that "offset 0" keeps apart: with "= any(@ids)" its planner scans and hashes the rule's records (or
    /// the table) whenever its statistics lag behind a fast-growing table, tens of milliseconds a query at 100,000
    /// records where the probes take two.
    /// </summary>
    private (string Condition, Func<string[], object> Value, int Chunk) Membership(string column) => session.Dialect.Provider switch
    {
        DatabaseProvider.Postgres => ($"{column} = any(@ids)", ids => ids, EnforcementInput.MaxRecords),
        DatabaseProvider.Sqlite => ($"{column} in (select value from json_each(@ids))", ids => JsonSerializer.Serialize(ids), EnforcementInput.MaxRecords),
        _ => ($"{column} in @ids", ids => ids, InChunk),
    };

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Enforcement writes run inside a command's transaction."));
    }
}

/// <summary>The columns of a stored record a later write needs (duplicates, appeals, education).</summary>
public sealed class StoredEnforcement
{
    public const string Select =
        """
        e.id as Id, e.external_id as ExternalId, e.body_hash as BodyHash, e.rule_id as RuleId, e.rule_version as RuleVersion,
        e.subject_type as SubjectType, e.subject_id as SubjectId, e.guild_id as GuildId, e.strike_subject_type as StrikeSubjectType,
        e.strike_subject_id as StrikeSubjectId, e.occurred_at as OccurredAt, e.grave as Grave, e.shadow as Shadow, e.strike as Strike,
        e.action as Action, e.duration_days as DurationDays, e.reversed as Reversed, e.education_completed_at as EducationCompletedAt
        """;

    public Guid Id { get; init; }

    public string ExternalId { get; init; } = "";

    public string BodyHash { get; init; } = "";

    public Guid RuleId { get; init; }

    public int RuleVersion { get; init; }

    public string SubjectType { get; init; } = "";

    public string SubjectId { get; init; } = "";

    public string? GuildId { get; init; }

    public string StrikeSubjectType { get; init; } = "";

    public string StrikeSubjectId { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public bool Grave { get; init; }

    public bool Shadow { get; init; }

    public int Strike { get; init; }

    public string Action { get; init; } = "";

    public int? DurationDays { get; init; }

    public bool Reversed { get; init; }

    public DateTimeOffset? EducationCompletedAt { get; init; }
}
