namespace Incident.Api.Features.Governance.Rules;

/// <summary>One step of a penalty ladder: from this strike number on, this action (for this many days).</summary>
public sealed record LadderStep(int Strike, string Action, int? DurationDays);

/// <summary>What the rule should achieve; null targets are not checked.</summary>
public sealed record RuleTargets(double? ViolationRateChange, double? MinPrecision, double? MinCoverage);

/// <summary>The versioned content of a rule: everything an edit of a live rule puts in a new version.</summary>
public sealed record RuleContent(
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
    int AppealSlaHours)
{
    public const int DefaultStrikeWindowDays = 90;
    public const int DefaultEvaluationWindowDays = 28;
    public const int DefaultAppealSlaHours = 48;

    /// <summary>The step due at a strike number: the one with the highest strike not above it (the top step beyond the ladder).</summary>
    public LadderStep? StepFor(int strike) => Ladder.LastOrDefault(s => s.Strike <= strike) ?? (Ladder.Count > 0 ? Ladder[0] : null);
}
