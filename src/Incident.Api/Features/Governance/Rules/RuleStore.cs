using System.Data.Common;
using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>All writes to governance_rules, governance_rule_versions and governance_rule_incidents, and the locked loads before them.</summary>
public sealed class RuleStore(DbSession session)
{
    public async Task<string> NextKeyAsync(int year, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var next = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            session.Dialect.IncrementCounter("governance_key_counters", "year", "last_value", "@year"),
            new { year }, tx, cancellationToken: ct));
        return $"GOV-{year}-{next:000000}";
    }

    /// <summary>The rule's id from its id or key (GOV-2026-000001); null when there is none.</summary>
    public async Task<Guid?> ResolveAsync(string idOrKey, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        if (Guid.TryParse(idOrKey, out var id))
        {
            return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                select id
                from governance_rules
                where id = @id
                """,
                new { id }, session.Transaction, cancellationToken: ct));
        }

        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            select id
            from governance_rules
            where rule_key = @key
            """,
            new { key = idOrKey.Trim().ToUpperInvariant() }, session.Transaction, cancellationToken: ct));
    }

    /// <summary>Loads a rule with all its versions, locking its row until commit (inside a command) or not (inside a query).</summary>
    public Task<GovernanceRule?> FindAsync(Guid id, CancellationToken ct) => FindAsync(id, lockRow: true, ct);

    /// <summary>
    /// Reads a rule without locking it: for work that already holds an incident lock (the workflow gate, closing),
    /// since rule changes lock the rule first and its incidents after.
    /// </summary>
    public Task<GovernanceRule?> ReadAsync(Guid id, CancellationToken ct) => FindAsync(id, lockRow: false, ct);

    private async Task<GovernanceRule?> FindAsync(Guid id, bool lockRow, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var dialect = session.Dialect;
        var locking = tx is not null && lockRow;
        var row = await connection.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            $"""
            select r.id as Id, r.rule_key as RuleKey, r.created_by as CreatedBy, r.created_at as CreatedAt, r.row_version as RowVersion
            from governance_rules r {(locking ? dialect.LockHint : "")}
            where r.id = @id
            {(locking ? dialect.ForUpdate : "")}
            """,
            new { id }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var versions = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"""
            select {VersionRow.Columns}
            from governance_rule_versions v
            where v.rule_id = @id
            order by v.version
            """,
            new { id }, tx, cancellationToken: ct));
        var incidents = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select incident_id
            from governance_rule_incidents
            where rule_id = @id
            """,
            new { id }, tx, cancellationToken: ct));
        var identity = new GovernanceRule { Id = row.Id, Key = row.RuleKey, CreatedBy = row.CreatedBy, CreatedAt = row.CreatedAt };
        return GovernanceRule.Load(identity, versions.Select(v => v.ToVersion()), incidents, row.RowVersion);
    }

    public async Task<GovernanceRule> LoadAsync(Guid id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new NotFoundException("governance rule", id);

    public async Task InsertAsync(GovernanceRule rule, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into governance_rules (id, rule_key, latest_version, live_version, created_by, created_at, updated_at, row_version)
            values (@Id, @Key, @latest, @live, @CreatedBy, @CreatedAt, @UpdatedAt, @RowVersion)
            """,
            new { rule.Id, rule.Key, latest = rule.Latest.Version, live = rule.LiveVersion?.Version, rule.CreatedBy, rule.CreatedAt, rule.UpdatedAt, rule.RowVersion },
            tx, cancellationToken: ct));
        await WriteVersionsAsync(rule, connection, tx, ct);
        await WriteIncidentsAsync(rule, [], connection, tx, ct);
        rule.Saved(inserted: true);
    }

    /// <summary>Writes the changed rule if nobody else did since it was read (optimistic concurrency on row_version).</summary>
    public async Task SaveAsync(GovernanceRule rule, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_rules
            set latest_version = @latest, live_version = @live, updated_at = @UpdatedAt, row_version = @RowVersion + 1
            where id = @Id
                and row_version = @RowVersion
            """,
            new { rule.Id, latest = rule.Latest.Version, live = rule.LiveVersion?.Version, rule.UpdatedAt, rule.RowVersion },
            tx, cancellationToken: ct));
        if (updated != 1)
        {
            throw new ConflictException($"Rule {rule.Key} was changed by someone else. Reload and retry.", "stale-version", currentVersion: rule.RowVersion);
        }

        await WriteVersionsAsync(rule, connection, tx, ct);
        await WriteIncidentsAsync(rule, rule.StoredIncidentIds, connection, tx, ct);
        rule.Saved();
    }

    private static async Task WriteVersionsAsync(GovernanceRule rule, DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var version in rule.Versions.Where(v => rule.ChangedVersions.Contains(v.Version)))
        {
            var row = VersionRow.From(rule.Id, version);
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                """
                update governance_rule_versions
                set status = @Status, name = @Name, kind = @Kind, business_line = @BusinessLine, category = @Category,
                    subject_type = @SubjectType, characteristics = @Characteristics, detection = @Detection,
                    owner_department = @OwnerDepartment, implementing_departments = @ImplementingDepartments,
                    member_rule_ids = @MemberRuleIds, signal_series_id = @SignalSeriesId, control_series_id = @ControlSeriesId,
                    ladder = @Ladder, strike_window_days = @StrikeWindowDays, grave_starts_at_strike = @GraveStartsAtStrike,
                    roll_up_to_guild = @RollUpToGuild, targets = @Targets, evaluation_window_days = @EvaluationWindowDays,
                    appeal_sla_hours = @AppealSlaHours, updated_at = @UpdatedAt, submitted_at = @SubmittedAt,
                    approved_by = @ApprovedBy, approved_at = @ApprovedAt, shadow_at = @ShadowAt, launched_by = @LaunchedBy,
                    launched_at = @LaunchedAt, paused_at = @PausedAt, retired_at = @RetiredAt, superseded_by = @SupersededBy
                where rule_id = @RuleId
                    and version = @Version
                """,
                row, tx, cancellationToken: ct));
            if (updated == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    insert into governance_rule_versions (
                        rule_id, version, status, name, kind, business_line, category, subject_type, characteristics, detection,
                        owner_department, implementing_departments, member_rule_ids, signal_series_id, control_series_id, ladder,
                        strike_window_days, grave_starts_at_strike, roll_up_to_guild, targets, evaluation_window_days, appeal_sla_hours,
                        created_by, created_at, updated_at, submitted_at, approved_by, approved_at, shadow_at, launched_by, launched_at,
                        paused_at, retired_at, superseded_by)
                    values (
                        @RuleId, @Version, @Status, @Name, @Kind, @BusinessLine, @Category, @SubjectType, @Characteristics, @Detection,
                        @OwnerDepartment, @ImplementingDepartments, @MemberRuleIds, @SignalSeriesId, @ControlSeriesId, @Ladder,
                        @StrikeWindowDays, @GraveStartsAtStrike, @RollUpToGuild, @Targets, @EvaluationWindowDays, @AppealSlaHours,
                        @CreatedBy, @CreatedAt, @UpdatedAt, @SubmittedAt, @ApprovedBy, @ApprovedAt, @ShadowAt, @LaunchedBy, @LaunchedAt,
                        @PausedAt, @RetiredAt, @SupersededBy)
                    """,
                    row, tx, cancellationToken: ct));
            }
        }
    }

    private static async Task WriteIncidentsAsync(
        GovernanceRule rule, IReadOnlyCollection<Guid> stored, DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var incidentId in stored.Except(rule.IncidentIds))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                delete from governance_rule_incidents
                where rule_id = @ruleId
                    and incident_id = @incidentId
                """,
                new { ruleId = rule.Id, incidentId }, tx, cancellationToken: ct));
        }

        foreach (var incidentId in rule.IncidentIds.Except(stored))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into governance_rule_incidents (rule_id, incident_id, linked_at)
                values (@ruleId, @incidentId, @now)
                """,
                new { ruleId = rule.Id, incidentId, now = rule.UpdatedAt }, tx, cancellationToken: ct));
        }
    }

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Rule writes run inside a command's transaction."));
    }

    private sealed class RuleRow
    {
        public Guid Id { get; init; }

        public string RuleKey { get; init; } = "";

        public string CreatedBy { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public int RowVersion { get; init; }
    }
}

/// <summary>A stored version; list and JSON columns travel as text.</summary>
internal sealed class VersionRow
{
    public const string Columns =
        """
        v.rule_id as RuleId, v.version as Version, v.status as Status, v.name as Name, v.kind as Kind,
        v.business_line as BusinessLine, v.category as Category, v.subject_type as SubjectType,
        v.characteristics as Characteristics, v.detection as Detection, v.owner_department as OwnerDepartment,
        v.implementing_departments as ImplementingDepartments, v.member_rule_ids as MemberRuleIds,
        v.signal_series_id as SignalSeriesId, v.control_series_id as ControlSeriesId, v.ladder as Ladder,
        v.strike_window_days as StrikeWindowDays, v.grave_starts_at_strike as GraveStartsAtStrike,
        v.roll_up_to_guild as RollUpToGuild, v.targets as Targets, v.evaluation_window_days as EvaluationWindowDays,
        v.appeal_sla_hours as AppealSlaHours, v.created_by as CreatedBy, v.created_at as CreatedAt, v.updated_at as UpdatedAt,
        v.submitted_at as SubmittedAt, v.approved_by as ApprovedBy, v.approved_at as ApprovedAt, v.shadow_at as ShadowAt,
        v.launched_by as LaunchedBy, v.launched_at as LaunchedAt, v.paused_at as PausedAt, v.retired_at as RetiredAt,
        v.superseded_by as SupersededBy
        """;

    public Guid RuleId { get; init; }

    public int Version { get; init; }

    public string Status { get; init; } = "";

    public string Name { get; init; } = "";

    public string Kind { get; init; } = "";

    public string BusinessLine { get; init; } = "";

    public string Category { get; init; } = "";

    public string SubjectType { get; init; } = "";

    public string Characteristics { get; init; } = "";

    public string Detection { get; init; } = "";

    public string OwnerDepartment { get; init; } = "";

    public string ImplementingDepartments { get; init; } = "[]";

    public string MemberRuleIds { get; init; } = "[]";

    public Guid? SignalSeriesId { get; init; }

    public Guid? ControlSeriesId { get; init; }

    public string Ladder { get; init; } = "[]";

    public int StrikeWindowDays { get; init; }

    public int? GraveStartsAtStrike { get; init; }

    public bool RollUpToGuild { get; init; }

    public string Targets { get; init; } = "{}";

    public int EvaluationWindowDays { get; init; }

    public int AppealSlaHours { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? ShadowAt { get; init; }

    public string? LaunchedBy { get; init; }

    public DateTimeOffset? LaunchedAt { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    public int? SupersededBy { get; init; }

    public static VersionRow From(Guid ruleId, RuleVersion v)
    {
        var c = v.Content;
        return new VersionRow
        {
            RuleId = ruleId,
            Version = v.Version,
            Status = v.Status,
            Name = c.Name,
            Kind = c.Kind,
            BusinessLine = c.BusinessLine,
            Category = c.Category,
            SubjectType = c.SubjectType,
            Characteristics = c.Characteristics,
            Detection = c.Detection,
            OwnerDepartment = c.OwnerDepartment,
            ImplementingDepartments = JsonSerializer.Serialize(c.ImplementingDepartments, ApiJson.Options),
            MemberRuleIds = JsonSerializer.Serialize(c.MemberRuleIds, ApiJson.Options),
            SignalSeriesId = c.SignalSeriesId,
            ControlSeriesId = c.ControlSeriesId,
            Ladder = JsonSerializer.Serialize(c.Ladder, ApiJson.Options),
            StrikeWindowDays = c.StrikeWindowDays,
            GraveStartsAtStrike = c.GraveStartsAtStrike,
            RollUpToGuild = c.RollUpToGuild,
            Targets = JsonSerializer.Serialize(c.Targets, ApiJson.Options),
            EvaluationWindowDays = c.EvaluationWindowDays,
            AppealSlaHours = c.AppealSlaHours,
            CreatedBy = v.CreatedBy,
            CreatedAt = v.CreatedAt,
            UpdatedAt = v.UpdatedAt,
            SubmittedAt = v.SubmittedAt,
            ApprovedBy = v.ApprovedBy,
            ApprovedAt = v.ApprovedAt,
            ShadowAt = v.ShadowAt,
            LaunchedBy = v.LaunchedBy,
            LaunchedAt = v.LaunchedAt,
            PausedAt = v.PausedAt,
            RetiredAt = v.RetiredAt,
            SupersededBy = v.SupersededBy,
        };
    }

    public RuleContent ToContent() => new(
        Name,
        Kind,
        BusinessLine,
        Category,
        SubjectType,
        Characteristics,
        Detection,
        OwnerDepartment,
        JsonSerializer.Deserialize<string[]>(ImplementingDepartments, ApiJson.Options) ?? [],
        JsonSerializer.Deserialize<Guid[]>(MemberRuleIds, ApiJson.Options) ?? [],
        SignalSeriesId,
        ControlSeriesId,
        JsonSerializer.Deserialize<LadderStep[]>(Ladder, ApiJson.Options) ?? [],
        StrikeWindowDays,
        GraveStartsAtStrike,
        RollUpToGuild,
        JsonSerializer.Deserialize<RuleTargets>(Targets, ApiJson.Options) ?? new RuleTargets(null, null, null),
        EvaluationWindowDays,
        AppealSlaHours);

    public RuleVersion ToVersion() => new()
    {
        Version = Version,
        Status = Status,
        Content = ToContent(),
        CreatedBy = CreatedBy,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        SubmittedAt = SubmittedAt,
        ApprovedBy = ApprovedBy,
        ApprovedAt = ApprovedAt,
        ShadowAt = ShadowAt,
        LaunchedBy = LaunchedBy,
        LaunchedAt = LaunchedAt,
        PausedAt = PausedAt,
        RetiredAt = RetiredAt,
        SupersededBy = SupersededBy,
    };
}
