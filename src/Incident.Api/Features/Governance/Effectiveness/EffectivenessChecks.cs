using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>What the checks of one rule version are judged on (figures already computed).</summary>
public sealed record EffectEvidence(
    RuleTargets Targets,
    bool Launched,
    double AfterElapsedDays,
    bool WindowComplete,
    double? ViolationEstimate,
    Interval? ViolationCi,
    double? Precision,
    Interval? PrecisionCi,
    double? Coverage,
    Interval? CoverageCi);

/// <summary>The outcome: one check per target that is set, the verdict and whether the targets are met (null: not known yet).</summary>
public sealed record Judgement(IReadOnlyList<TargetCheck> Checks, string Verdict, bool? MeetsTargets);

/// <summary>
/// ADR-0014 "Verdict rules". A check is met when the point estimate reaches the goal (for the violation
/// rate also significantly: the interval's upper bound below zero), missed when the interval excludes the
/// goal on the wrong side, else not yet. The verdict regresses on a significant rise of the violation
/// rate or on a precision whose interval lies wholly under its minimum; meets when every set target is met.
/// </summary>
public static class EffectivenessChecks
{
    /// <summary>Under a week after launch the weekly cycle of a platform's traffic can fake any effect.</summary>
    public const double MinAfterDays = 7;

    public static Judgement Judge(EffectEvidence e)
    {
        var targets = e.Targets;
        var violationReady = e.Launched && e.AfterElapsedDays >= MinAfterDays && e.ViolationEstimate is not null && e.ViolationCi is not null;
        // ADR-0014: the week guards the violation rate (weekly cycles) and a rule without targets; precision and
        // coverage are judged on their QA audits as soon as those exist, so a launched rule can meet them on day one.
        var shareTargets = targets.MinPrecision is not null || targets.MinCoverage is not null;
        var insufficient = !e.Launched || (!shareTargets && e.AfterElapsedDays < MinAfterDays);
        var checks = new List<TargetCheck>();

        if (targets.ViolationRateChange is { } goal)
        {
            var status = CheckStatuses.NotYet;
            if (violationReady && e.ViolationCi is { } ci)
            {
                // A goal above zero caps a rise; then "significant" means the interval stays under the cap.
                status = e.ViolationEstimate <= goal && ci.High < Math.Max(goal, 0) ? CheckStatuses.Met
                    : ci.Low > goal ? CheckStatuses.Missed
                    : CheckStatuses.NotYet;
            }

            insufficient |= !violationReady;
            checks.Add(new TargetCheck(TargetNames.ViolationRateChange, goal, e.ViolationEstimate, e.ViolationCi?.ToList(), status));
        }

        if (targets.MinPrecision is { } minPrecision)
        {
            checks.Add(AtLeast(TargetNames.MinPrecision, minPrecision, e.Precision, e.PrecisionCi));
            insufficient |= e.Precision is null;
        }

        if (targets.MinCoverage is { } minCoverage)
        {
            checks.Add(AtLeast(TargetNames.MinCoverage, minCoverage, e.Coverage, e.CoverageCi));
            insufficient |= e.Coverage is null;
        }

        var rose = violationReady && e.ViolationCi!.Value.Low > Math.Max(targets.ViolationRateChange ?? 0, 0);
        var punishesWrongly = targets.MinPrecision is { } floor && e.PrecisionCi is { } precision && precision.High < floor;
        if (rose || punishesWrongly)
        {
            return new Judgement(checks, EffectivenessVerdicts.Regresses, false);
        }

        if (insufficient)
        {
            return new Judgement(checks, EffectivenessVerdicts.NotYet, null);
        }

        return checks.TrueForAll(c => c.Status == CheckStatuses.Met)
            ? new Judgement(checks, EffectivenessVerdicts.Meets, true)
            : new Judgement(checks, EffectivenessVerdicts.NotYet, e.WindowComplete ? false : null);
    }

    private static TargetCheck AtLeast(string target, double goal, double? value, Interval? ci)
    {
        var status = value is null ? CheckStatuses.NotYet
            : value >= goal ? CheckStatuses.Met
            : ci is { } interval && interval.High < goal ? CheckStatuses.Missed
            : CheckStatuses.NotYet;
        return new TargetCheck(target, goal, value, ci?.ToList(), status);
    }
}
