using System.Data.Common;
using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;
using Npgsql;
using NpgsqlTypes;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// All writes to governance_enforcements, and the locked reads a write depends on. Imports are set-based: a batch
/// reads the external ids and strike histories it needs in a few IN queries and inserts in one stream (binary COPY
/// on PostgreSQL, one reused prepared insert elsewhere), inside the command's transaction.
/// </summary>
public sealed class EnforcementStore(DbSession session)
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
        foreach (var chunk in externalIds.Chunk(InChunk))
        {
            var rows = await connection.QueryAsync<StoredEnforcement>(new CommandDefinition(
                $"""
                select {StoredEnforcement.Select}
                from governance_enforcements e
                where {session.Dialect.InList("e.external_id", "@ids")}
                """,
                new { ids = chunk }, tx, cancellationToken: ct));
            foreach (var row in rows)
            {
                found[row.ExternalId] = row;
            }
        }

        return found;
    }

    /// <summary>The strikes (not reversed, not shadow) of these counting subjects under a rule that occurred in (from, to].</summary>
    public async Task<IReadOnlyList<(StrikeSubject Subject, DateTimeOffset OccurredAt)>> StrikesAsync(
        Guid ruleId, IReadOnlyCollection<string> strikeSubjectIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var strikes = new List<(StrikeSubject, DateTimeOffset)>();
        foreach (var chunk in strikeSubjectIds.Chunk(InChunk))
        {
            var rows = await connection.QueryAsync<StrikeRow>(new CommandDefinition(
                $"""
                select e.strike_subject_type as Type, e.strike_subject_id as Id, e.occurred_at as OccurredAt
                from governance_enforcements e
                where e.rule_id = @ruleId
                    and {session.Dialect.InList("e.strike_subject_id", "@ids")}
                    and e.reversed = @no
                    and e.shadow = @no
                    and e.occurred_at > @from
                    and e.occurred_at <= @to
                """,
                new { ruleId, ids = chunk, no = false, from, to }, tx, cancellationToken: ct));
            strikes.AddRange(rows.Select(r => (new StrikeSubject(r.Type, r.Id), r.OccurredAt)));
        }

        return strikes;
    }

    public async Task InsertAsync(IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        var (connection, tx) = await OpenAsync(ct);
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, records, ct);
            return;
        }

        // Dapper runs a command once per element, reusing it (and its prepared statement) for the whole list.
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            insert into governance_enforcements ({Columns})
            values (@Id, @ExternalId, @BodyHash, @RuleId, @RuleVersion, @SubjectType, @SubjectId, @GuildId, @StrikeSubjectType, @StrikeSubjectId,
                @OccurredAt, @Grave, @Shadow, @Strike, @Action, @DurationDays, @Reversed, @ReversedAt, @EducationCompletedAt, @AutomatedDetection,
                @AutomatedDecision, @DecisionGround, @DsaCategory, @ContentType, @DecisionVisibility, @DecisionMonetary, @DecisionProvision,
                @DecisionAccount, @TerritorialScope, @SourceType, @Facts, @ImportedBy, @ImportedAt, @ContentDate, @ContentLanguage,
                @IllegalContentLegalGround, @IllegalContentExplanation, @IncompatibleContentGround, @IncompatibleContentExplanation)
            """,
            records.Select(InsertRow.From), tx, cancellationToken: ct));
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
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_enforcements
            set education_completed_at = @completedAt
            where id = @id
                and education_completed_at is null
            """,
            new { id, completedAt }, tx, cancellationToken: ct));
    }

    /// <summary>An overturned appeal withdraws the penalty: the record no longer counts as a strike.</summary>
    public async Task ReverseAsync(Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_enforcements
            set reversed = @yes, reversed_at = @at
            where id = @id
                and reversed = @no
            """,
            new { id, at, yes = true, no = false }, tx, cancellationToken: ct));
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {
        // COPY joins the connection's open transaction: the batch still commits or rolls back as one.
        await using var writer = await connection.BeginBinaryImportAsync($"copy governance_enforcements ({Columns}) from stdin (format binary)", ct);
        foreach (var r in records.Select(InsertRow.From))
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
            await Text(writer, r.ExternalId, ct);
            await Text(writer, r.BodyHash, ct);
            await writer.WriteAsync(r.RuleId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(r.RuleVersion, NpgsqlDbType.Integer, ct);
            await Text(writer, r.SubjectType, ct);
            await Text(writer, r.SubjectId, ct);
            await Text(writer, r.GuildId, ct);
            await Text(writer, r.StrikeSubjectType, ct);
            await Text(writer, r.StrikeSubjectId, ct);
            await Time(writer, r.OccurredAt, ct);
            await writer.WriteAsync(r.Grave, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(r.Shadow, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(r.Strike, NpgsqlDbType.Integer, ct);
            await Text(writer, r.Action, ct);
            await Number(writer, r.DurationDays, ct);
            await writer.WriteAsync(r.Reversed, NpgsqlDbType.Boolean, ct);
            await Time(writer, r.ReversedAt, ct);
            await Time(writer, r.EducationCompletedAt, ct);
            await writer.WriteAsync(r.AutomatedDetection, NpgsqlDbType.Boolean, ct);
            await Text(writer, r.AutomatedDecision, ct);
            await Text(writer, r.DecisionGround, ct);
            await Text(writer, r.DsaCategory, ct);
            await Text(writer, r.ContentType, ct);
            await Text(writer, r.DecisionVisibility, ct);
            await Text(writer, r.DecisionMonetary, ct);
            await Text(writer, r.DecisionProvision, ct);
            await Text(writer, r.DecisionAccount, ct);
            await Text(writer, r.TerritorialScope, ct);
            await Text(writer, r.SourceType, ct);
            await Text(writer, r.Facts, ct);
            await Text(writer, r.ImportedBy, ct);
            await Time(writer, r.ImportedAt, ct);
            await Time(writer, r.ContentDate, ct);
            await Text(writer, r.ContentLanguage, ct);
            await Text(writer, r.IllegalContentLegalGround, ct);
            await Text(writer, r.IllegalContentExplanation, ct);
            await Text(writer, r.IncompatibleContentGround, ct);
            await Text(writer, r.IncompatibleContentExplanation, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private static Task Text(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task Number(NpgsqlBinaryImporter writer, int? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Integer, ct) : writer.WriteNullAsync(ct);

    private static Task Time(NpgsqlBinaryImporter writer, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v.UtcDateTime, NpgsqlDbType.TimestampTz, ct) : writer.WriteNullAsync(ct);

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Enforcement writes run inside a command's transaction."));
    }

    private sealed class StrikeRow
    {
        public string Type { get; init; } = "";

        public string Id { get; init; } = "";

        public DateTimeOffset OccurredAt { get; init; }
    }

    /// <summary>A record flattened to its columns (lists as JSON text, as the rule versions store theirs).</summary>
    private sealed record InsertRow(
        Guid Id, string ExternalId, string BodyHash, Guid RuleId, int RuleVersion, string SubjectType, string SubjectId, string? GuildId,
        string StrikeSubjectType, string StrikeSubjectId, DateTimeOffset OccurredAt, bool Grave, bool Shadow, int Strike, string Action,
        int? DurationDays, bool Reversed, DateTimeOffset? ReversedAt, DateTimeOffset? EducationCompletedAt, bool AutomatedDetection,
        string AutomatedDecision, string DecisionGround, string DsaCategory, string ContentType, string? DecisionVisibility,
        string? DecisionMonetary, string? DecisionProvision, string? DecisionAccount, string TerritorialScope, string SourceType, string Facts,
        string ImportedBy, DateTimeOffset ImportedAt, DateTimeOffset? ContentDate, string? ContentLanguage, string? IllegalContentLegalGround,
        string? IllegalContentExplanation, string? IncompatibleContentGround, string? IncompatibleContentExplanation)
    {
        public static InsertRow From(EnforcementRecord r) => new(
            r.Id, r.ExternalId, r.BodyHash, r.RuleId, r.RuleVersion, r.SubjectType, r.SubjectId, r.GuildId, r.StrikeSubject.Type,
            r.StrikeSubject.Id, r.OccurredAt, r.Grave, r.Shadow, r.Strike, r.Action, r.DurationDays, false, null, null, r.AutomatedDetection,
            r.AutomatedDecision, r.DecisionGround, r.DsaCategory, Json(r.ContentType)!, Json(r.DecisionVisibility), r.DecisionMonetary,
            r.DecisionProvision, r.DecisionAccount, Json(r.TerritorialScope)!, r.SourceType, r.Facts, r.ImportedBy, r.ImportedAt,
            r.ContentDate, r.ContentLanguage, r.IllegalContentLegalGround, r.IllegalContentExplanation, r.IncompatibleContentGround,
            r.IncompatibleContentExplanation);

        private static string? Json(IReadOnlyList<string>? values) => values is null ? null : JsonSerializer.Serialize(values, ApiJson.Options);
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
