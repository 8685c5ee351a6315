using Incident.Api.Infrastructure.Auth;

namespace Incident.Api.Features.Governance.Rules;

public sealed record RuleIncidentRef(Guid Id, string Key, string Title, string Status, string Stage);

/// <summary>A rule as the API shows it: the latest version's content and status (docs/governance.md "Rules and versions").</summary>
public sealed record RuleView(
    Guid Id,
    string Key,
    string Name,
    string Kind,
    string BusinessLine,
    string Category,
    string SubjectType,
    string Characteristics,
    string Detection,
    string OwnerDepartment,
    IReadOnlyList<string> ImplementingDepartments,
    IReadOnlyList<Guid> IncidentIds,
    IReadOnlyList<RuleIncidentRef> Incidents,
    IReadOnlyList<Guid> MemberRuleIds,
    Guid? SignalSeriesId,
    Guid? ControlSeriesId,
    IReadOnlyList<LadderStep> Ladder,
    int StrikeWindowDays,
    int? GraveStartsAtStrike,
    bool RollUpToGuild,
    RuleTargets Targets,
    int EvaluationWindowDays,
    int AppealSlaHours,
    string Status,
    int Version,
    int? LiveVersion,
    int? ShadowVersion,
    int RowVersion,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? ShadowAt,
    string? LaunchedBy,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? PausedAt,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<string> AllowedTransitions,
    IReadOnlyList<RuleVersionView>? Versions)
{
    /// <summary>The view of <paramref name="rule"/>; <paramref name="incidents"/> are the linked ones the viewer may see (a partner never learns of the others).</summary>
    public static RuleView From(GovernanceRule rule, Viewer viewer, IReadOnlyList<RuleIncidentRef> incidents, bool withVersions)
    {
        var latest = rule.Latest;
        var c = latest.Content;
        return new RuleView(
            rule.Id, rule.Key, c.Name, c.Kind, c.BusinessLine, c.Category, c.SubjectType, c.Characteristics, c.Detection,
            c.OwnerDepartment, c.ImplementingDepartments, [.. incidents.Select(i => i.Id)], incidents, c.MemberRuleIds,
            c.SignalSeriesId, c.ControlSeriesId, c.Ladder, c.StrikeWindowDays, c.GraveStartsAtStrike, c.RollUpToGuild, c.Targets,
            c.EvaluationWindowDays, c.AppealSlaHours, latest.Status, latest.Version, rule.LiveVersion?.Version,
            rule.ShadowVersion?.Version, rule.RowVersion, rule.CreatedBy, rule.CreatedAt, rule.UpdatedAt, latest.SubmittedAt,
            latest.ApprovedBy, latest.ApprovedAt, latest.ShadowAt, latest.LaunchedBy, latest.LaunchedAt, latest.PausedAt,
            latest.RetiredAt, rule.AllowedTransitions(viewer),
            withVersions ? [.. rule.Versions.Select(RuleVersionView.From)] : null);
    }
}

/// <summary>One version in full, for the side-by-side comparison.</summary>
public sealed record RuleVersionView(
    int Version,
    string Status,
    string Name,
    string Kind,
    string BusinessLine,
    string Category,
    string SubjectType,
    string Characteristics,
    string Detection,
    string OwnerDepartment,
    IReadOnlyList<string> ImplementingDepartments,
    IReadOnlyList<Guid> MemberRuleIds,
    Guid? SignalSeriesId,
    Guid? ControlSeriesId,
    IReadOnlyList<LadderStep> Ladder,
    int StrikeWindowDays,
    int? GraveStartsAtStrike,
    bool RollUpToGuild,
    RuleTargets Targets,
    int EvaluationWindowDays,
    int AppealSlaHours,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? ShadowAt,
    string? LaunchedBy,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? PausedAt,
    DateTimeOffset? RetiredAt,
    int? SupersededBy)
{
    public static RuleVersionView From(RuleVersion v)
    {
        var c = v.Content;
        return new RuleVersionView(
            v.Version, v.Status, c.Name, c.Kind, c.BusinessLine, c.Category, c.SubjectType, c.Characteristics, c.Detection,
            c.OwnerDepartment, c.ImplementingDepartments, c.MemberRuleIds, c.SignalSeriesId, c.ControlSeriesId, c.Ladder,
            c.StrikeWindowDays, c.GraveStartsAtStrike, c.RollUpToGuild, c.Targets, c.EvaluationWindowDays, c.AppealSlaHours,
            v.CreatedBy, v.CreatedAt, v.UpdatedAt, v.SubmittedAt, v.ApprovedBy, v.ApprovedAt, v.ShadowAt, v.LaunchedBy,
            v.LaunchedAt, v.PausedAt, v.RetiredAt, v.SupersededBy);
    }
}
