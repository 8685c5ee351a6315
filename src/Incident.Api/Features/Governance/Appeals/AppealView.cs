using Dapper;
using Incident.Api.Features.Governance.Education;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Appeals;

/// <summary>An appeal as the API shows it (docs/governance.md "Appeals").</summary>
public sealed record AppealView(
    Guid Id,
    Guid EnforcementId,
    string EnforcementExternalId,
    Guid RuleId,
    string RuleKey,
    string RuleName,
    int RuleVersion,
    SubjectView Subject,
    string Action,
    string Statement,
    string Status,
    DateTimeOffset FiledAt,
    string FiledBy,
    DateTimeOffset DueAt,
    bool Overdue,
    string ReviewingDepartment,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Reason,
    NoticeView? Notice);

/// <summary>An appeal joined with its record and rule version, as the appeal queries read it.</summary>
public sealed class AppealRow
{
    public const string Select =
        """
        a.id as Id, a.enforcement_id as EnforcementId, e.external_id as EnforcementExternalId, a.rule_id as RuleId, r.rule_key as RuleKey,
        v.name as RuleName, a.rule_version as RuleVersion, e.subject_type as SubjectType, e.subject_id as SubjectId, e.guild_id as GuildId,
        e.action as Action, a.statement as Statement, a.status as Status, a.filed_at as FiledAt, a.filed_by as FiledBy, a.due_at as DueAt,
        a.reviewing_department as ReviewingDepartment, a.decided_at as DecidedAt, a.decided_by as DecidedBy, a.reason as Reason
        from governance_appeals a
        join governance_enforcements e on e.id = a.enforcement_id
        join governance_rules r on r.id = a.rule_id
        join governance_rule_versions v on v.rule_id = a.rule_id and v.version = a.rule_version
        """;

    public Guid Id { get; init; }

    public Guid EnforcementId { get; init; }

    public string EnforcementExternalId { get; init; } = "";

    public Guid RuleId { get; init; }

    public string RuleKey { get; init; } = "";

    public string RuleName { get; init; } = "";

    public int RuleVersion { get; init; }

    public string SubjectType { get; init; } = "";

    public string SubjectId { get; init; } = "";

    public string? GuildId { get; init; }

    public string Action { get; init; } = "";

    public string Statement { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset FiledAt { get; init; }

    public string FiledBy { get; init; } = "";

    public DateTimeOffset DueAt { get; init; }

    public string ReviewingDepartment { get; init; } = "";

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? Reason { get; init; }

    /// <summary>The appeals matching <paramref name="where"/> (a clause binding <paramref name="parameters"/>), each with its decision notice.</summary>
    public static async Task<IReadOnlyList<AppealView>> ReadAsync(
        DbSession session, string where, object parameters, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = (await connection.QueryAsync<AppealRow>(new CommandDefinition(
            $"""
            select {Select}
            {where}
            """,
            parameters, session.Transaction, cancellationToken: ct))).ToList();
        var notices = await NoticeRow.ForAppealsAsync(session, [.. rows.Select(r => r.Id)], ct);
        return [.. rows.Select(r => r.ToView(now, notices.GetValueOrDefault(r.Id)))];
    }

    public AppealView ToView(DateTimeOffset now, NoticeView? notice) => new(
        Id, EnforcementId, EnforcementExternalId, RuleId, RuleKey, RuleName, RuleVersion, new SubjectView(SubjectType, SubjectId, GuildId),
        Action, Statement, Status, FiledAt, FiledBy, DueAt, Status == AppealStatuses.Pending && DueAt < now, ReviewingDepartment, DecidedAt,
        DecidedBy, Reason, notice);
}
