using Incident.Api.Features.Governance.Effectiveness;
using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Tests.Governance;

/// <summary>ADR-0014 "Verdict rules", one rule at a time.</summary>
public sealed class EffectivenessChecksTests
{
    private static readonly RuleTargets All = new(-0.3, 0.9, 0.6);

    private static EffectEvidence Evidence(
        RuleTargets? targets = null, bool launched = true, double days = 28, bool complete = true,
        double? change = -0.35, Interval? changeCi = null, double? precision = 0.95, Interval? precisionCi = null,
        double? coverage = 0.7, Interval? coverageCi = null) =>
        new(targets ?? All, launched, days, complete, change, change is null ? null : changeCi ?? new Interval(-0.4, -0.3),
            precision, precision is null ? null : precisionCi ?? new Interval(0.85, 0.98), coverage, coverage is null ? null : coverageCi ?? new Interval(0.6, 0.8));

    [Fact]
    public void Every_set_target_met_meets()
    {
        var judged = EffectivenessChecks.Judge(Evidence());

        judged.Checks.Select(c => c.Status).ShouldBe(["met", "met", "met"]);
        (judged.Verdict, judged.MeetsTargets).ShouldBe(("meets", true));
    }

    [Theory]
    [InlineData(-0.35, -0.40, 0.01, "not-yet")] // reaches the goal, but the interval still holds no change
    [InlineData(-0.25, -0.32, -0.18, "not-yet")] // short of the goal, the interval still reaches it
    [InlineData(-0.20, -0.25, -0.15, "missed")] // the whole interval above the goal
    [InlineData(-0.30, -0.36, -0.24, "met")] // the goal exactly, significant
    public void The_violation_rate_check_needs_the_estimate_at_the_goal_and_an_interval_below_zero(double change, double low, double high, string status)
    {
        var judged = EffectivenessChecks.Judge(Evidence(change: change, changeCi: new Interval(low, high)));

        judged.Checks[0].Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(0.90, 0.78, 0.96, "met")]
    [InlineData(0.86, 0.75, 0.93, "not-yet")]
    [InlineData(0.60, 0.46, 0.72, "missed")]
    public void Shares_are_met_at_the_goal_and_missed_when_the_whole_interval_is_under_it(double value, double low, double high, string status)
    {
        var judged = EffectivenessChecks.Judge(Evidence(precision: value, precisionCi: new Interval(low, high), coverage: value, coverageCi: new Interval(low, high)));

        judged.Checks[1].Status.ShouldBe(status);
        judged.Checks[2].Status.ShouldBe(value >= 0.6 ? "met" : status);
    }

    [Fact]
    public void A_significant_rise_or_a_precision_wholly_under_its_minimum_regresses_even_before_the_window_ends()
    {
        EffectivenessChecks.Judge(Evidence(complete: false, days: 10, change: 0.2, changeCi: new Interval(0.05, 0.4)))
            .ShouldSatisfyAllConditions(j => j.Verdict.ShouldBe("regresses"), j => j.MeetsTargets.ShouldBe(false));
        EffectivenessChecks.Judge(Evidence(complete: false, days: 2, precision: 0.6, precisionCi: new Interval(0.46, 0.72)))
            .Verdict.ShouldBe("regresses");
        EffectivenessChecks.Judge(Evidence(targets: new RuleTargets(null, null, null), change: 0.2, changeCi: new Interval(0.05, 0.4)))
            .Verdict.ShouldBe("regresses", "a rise regresses with or without a violation target");
        EffectivenessChecks.Judge(Evidence(days: 5, complete: false, change: 0.2, changeCi: new Interval(0.05, 0.4)))
            .Verdict.ShouldBe("not-yet", "under a week after launch says nothing about the violation rate");
    }

    [Fact]
    public void Missing_data_leaves_meets_targets_null()
    {
        EffectivenessChecks.Judge(Evidence(launched: false, days: 0, complete: false)).MeetsTargets.ShouldBeNull();
        EffectivenessChecks.Judge(Evidence(days: 6.9, complete: false)).ShouldSatisfyAllConditions(
            j => j.Verdict.ShouldBe("not-yet"), j => j.MeetsTargets.ShouldBeNull(), j => j.Checks[0].Status.ShouldBe("not-yet"));
        EffectivenessChecks.Judge(Evidence(precision: null)).MeetsTargets.ShouldBeNull("the precision target has no audit");
        EffectivenessChecks.Judge(Evidence(change: null)).MeetsTargets.ShouldBeNull("no series or no days to measure the change on");
        EffectivenessChecks.Judge(Evidence(targets: new RuleTargets(null, 0.9, null), change: null)).MeetsTargets.ShouldBe(true, "no violation target, no series needed");
    }

    [Fact]
    public void Targets_not_met_are_false_once_the_window_is_complete_and_unknown_before()
    {
        EffectivenessChecks.Judge(Evidence(change: -0.2, changeCi: new Interval(-0.25, -0.15))).MeetsTargets.ShouldBe(false);
        EffectivenessChecks.Judge(Evidence(complete: false, days: 14, change: -0.2, changeCi: new Interval(-0.25, -0.15)))
            .ShouldSatisfyAllConditions(j => j.Verdict.ShouldBe("not-yet"), j => j.MeetsTargets.ShouldBeNull());
    }

    [Fact]
    public void Precision_and_coverage_targets_are_judged_on_their_audits_without_waiting_a_week()
    {
        var shares = new RuleTargets(null, 0.9, 0.6);

        EffectivenessChecks.Judge(Evidence(targets: shares, days: 0.01, complete: false, change: null))
            .ShouldSatisfyAllConditions(j => j.Verdict.ShouldBe("meets"), j => j.MeetsTargets.ShouldBe(true));
        EffectivenessChecks.Judge(Evidence(targets: shares, days: 0.01, complete: false, change: null, coverage: null))
            .ShouldSatisfyAllConditions(j => j.Verdict.ShouldBe("not-yet"), j => j.MeetsTargets.ShouldBeNull());
        EffectivenessChecks.Judge(Evidence(days: 0.01, complete: false))
            .Verdict.ShouldBe("not-yet", "a violation target still waits a week");
        EffectivenessChecks.Judge(Evidence(targets: new RuleTargets(null, null, null), days: 6.9, complete: false, change: null))
            .Verdict.ShouldBe("not-yet", "a rule without targets meets only after a week");
    }

    [Fact]
    public void A_rule_without_targets_meets_once_a_week_has_passed()
    {
        var judged = EffectivenessChecks.Judge(Evidence(targets: new RuleTargets(null, null, null), days: 7, complete: false));

        judged.Checks.ShouldBeEmpty();
        judged.Verdict.ShouldBe("meets");
    }
}
