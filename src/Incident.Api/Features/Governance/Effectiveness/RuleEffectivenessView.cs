namespace Incident.Api.Features.Governance.Effectiveness;

public static class EffectivenessVerdicts
{
    public const string Meets = "meets";
    public const string NotYet = "not-yet";
    public const string Regresses = "regresses";
}

public static class CheckStatuses
{
    public const string Met = "met";
    public const string NotYet = "not-yet";
    public const string Missed = "missed";
}

public static class TargetNames
{
    public const string ViolationRateChange = "violationRateChange";
    public const string MinPrecision = "minPrecision";
    public const string MinCoverage = "minCoverage";
}

/// <summary>
/// GET /api/governance/rules/{id}/effectiveness (docs/governance.md "Effectiveness"): one version's figures,
/// checks against its targets and the verdict. Also what the workflow gate and the governance view read.
/// </summary>
public sealed record RuleEffectivenessView(
    Guid RuleId,
    string RuleKey,
    int Version,
    string VersionStatus,
    DateTimeOffset? LaunchedAt,
    DateTimeOffset? ShadowAt,
    DateTimeOffset MeasuredAt,
    EffectWindow? Window,
    ViolationRateFigure ViolationRate,
    PrecisionFigure Precision,
    OverturnFigure OverturnRate,
    CoverageFigure Coverage,
    AppealRateFigure AppealRate,
    double? MedianDecisionHours,
    RecidivismFigure Recidivism,
    EducationFigure Education,
    ShadowFigure Shadow,
    IReadOnlyList<AppealDay> AppealsDaily,
    IReadOnlyList<TargetCheck> Checks,
    string Verdict,
    bool? MeetsTargets);

public sealed record TimeRange(DateTimeOffset From, DateTimeOffset To);

/// <summary>Before = [launch − window, launch), after = [launch, min(now, launch + window)); complete once the after window has run its length.</summary>
public sealed record EffectWindow(TimeRange Before, TimeRange After, double AfterElapsedDays, bool Complete);

/// <summary>One UTC day's mean inside one window; the launch day appears twice, once per window.</summary>
public sealed record DailyValue(string Date, string Window, double? Value, double? Control);

public sealed record ViolationRateFigure(
    Guid? SeriesId,
    double? Before,
    double? After,
    double? Change,
    IReadOnlyList<double>? Ci95,
    int BeforeDays,
    int AfterDays,
    Guid? ControlSeriesId,
    double? ControlBefore,
    double? ControlAfter,
    double? DidEstimate,
    IReadOnlyList<double>? DidCi95,
    IReadOnlyList<DailyValue> Daily)
{
    /// <summary>What the violationRateChange target is checked against: the DiD estimate with a control series, else the change.</summary>
    public (double? Estimate, IReadOnlyList<double>? Ci95) Checked() => ControlSeriesId is null ? (Change, Ci95) : (DidEstimate, DidCi95);
}

public sealed record PrecisionFigure(double? Value, int N, int Violating, IReadOnlyList<double>? Ci95, Guid? AuditId, DateTimeOffset? AuditedAt);

public sealed record OverturnFigure(double? Value, long N, long Overturned, IReadOnlyList<double>? Ci95, IReadOnlyList<OverturnCohort> Cohorts);

/// <summary>Appeals grouped by the UTC month their enforcement record occurred in.</summary>
public sealed record OverturnCohort(string Cohort, long Appeals, long Decided, long Overturned, double? Value);

public sealed record CoverageFigure(
    double? Value, int N, int Violating, IReadOnlyList<double>? Ci95, long Enforced, double? EstimatedMissed, long? Population, Guid? AuditId, DateTimeOffset? AuditedAt);

public sealed record AppealRateFigure(double? Value, long Appeals, long Records);

public sealed record RecidivismFigure(double? Value, long Subjects, long RepeatSubjects);

/// <summary>Completed = records with the education finished; reViolated = of their subjects, those with a later standing record within the strike window.</summary>
public sealed record EducationFigure(long Completed, long CompletedSubjects, long ReViolated, double? ReViolationRate);

public sealed record ShadowFigure(long WouldBePenalties);

public sealed record AppealDay(string Date, long Filed, long Overturned);

public sealed record TargetCheck(string Target, double Goal, double? Value, IReadOnlyList<double>? Ci95, string Status);
