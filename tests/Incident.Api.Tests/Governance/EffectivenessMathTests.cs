using Incident.Api.Features.Governance.Effectiveness;

namespace Incident.Api.Tests.Governance;

/// <summary>ADR-0014: the effectiveness statistics against published values and hand arithmetic; degenerate inputs give null.</summary>
public sealed class EffectivenessMathTests
{
    private const double Z = 1.959964;

    // Wilson 95 % score intervals as published (Newcombe 1998, table I; Wikipedia "Binomial proportion confidence interval"), 4 decimals.
    [Theory]
    [InlineData(45, 50, 0.7864, 0.9565)]
    [InlineData(0, 10, 0.0000, 0.2775)]
    [InlineData(1, 10, 0.0179, 0.4042)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0000)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_intervals_match_the_published_ones(int successes, int n, double low, double high)
    {
        var interval = EffectivenessMath.Wilson(successes, n)!.Value;

        interval.Low.ShouldBe(low, 0.00005);
        interval.High.ShouldBe(high, 0.00005);
    }

    [Fact]
    public void Degenerate_inputs_give_null_never_NaN_or_infinity()
    {
        EffectivenessMath.Wilson(0, 0).ShouldBeNull();
        EffectivenessMath.Wilson(3, 2).ShouldBeNull();
        EffectivenessMath.Share(1, 0).ShouldBeNull();
        EffectivenessMath.Summarize([]).ShouldBeNull();
        EffectivenessMath.Summarize([4.0])!.Variance.ShouldBeNull();
        EffectivenessMath.MedianOfSorted([]).ShouldBeNull();

        var zero = EffectivenessMath.Summarize([0.0, 0.0, 0.0]);
        var some = EffectivenessMath.Summarize([1.0, 2.0, 3.0]);
        EffectivenessMath.RelativeChange(zero, some).ShouldBeNull("a zero mean before has no relative change");
        var toZero = EffectivenessMath.RelativeChange(some, zero)!;
        toZero.Estimate.ShouldBe(-1);
        toZero.Ci95.ShouldBeNull("log 0 has no interval");
        var oneDay = EffectivenessMath.RelativeChange(some, EffectivenessMath.Summarize([1.0]))!;
        oneDay.Estimate.ShouldBe(-0.5);
        oneDay.Ci95.ShouldBeNull("one day has no variance");
        EffectivenessMath.RelativeChange(null, some).ShouldBeNull();
        EffectivenessMath.DifferenceInDifferences(some, some, zero, some).ShouldBeNull();
        EffectivenessMath.DifferenceInDifferences(some, some, some, null).ShouldBeNull();

        EffectivenessMath.Coverage(10, 0, 0, 100).ShouldBeNull("no sample");
        var nothing = EffectivenessMath.Coverage(0, 10, 0, 100)!;
        nothing.Value.ShouldBeNull("nothing enforced and nothing missed: 0/0");
        nothing.Ci95.ShouldBeNull();
        var allMissed = EffectivenessMath.Coverage(0, 10, 5, 100)!;
        allMissed.Value.ShouldBe(0);
        allMissed.Ci95!.Value.ShouldBe(new Interval(0, 0));
    }

    [Fact]
    public void The_relative_change_interval_is_the_delta_method_on_the_log_ratio()
    {
        // Before 9, 10, 11 (mean 10, s² 1); after 6, 7, 8 (mean 7, s² 1): se² = 1/(3·49) + 1/(3·100).
        var change = EffectivenessMath.RelativeChange(EffectivenessMath.Summarize([9.0, 10, 11]), EffectivenessMath.Summarize([6.0, 7, 8]))!;

        change.Estimate.ShouldBe(-0.3, 1e-12);
        var se = Math.Sqrt((1.0 / 147) + (1.0 / 300));
        change.Ci95!.Value.Low.ShouldBe(Math.Exp(Math.Log(0.7) - (Z * se)) - 1, 1e-12);
        change.Ci95!.Value.High.ShouldBe(Math.Exp(Math.Log(0.7) + (Z * se)) - 1, 1e-12);
        change.Ci95!.Value.Low.ShouldBe(-0.4253, 0.0001);
        change.Ci95!.Value.High.ShouldBe(-0.1473, 0.0001);
    }

    [Fact]
    public void Difference_in_differences_adds_the_four_variance_terms_on_the_log_scale()
    {
        // Treated 10 → 7, control 20 → 19 (each s² 1 over 3 days): (0.7 / 0.95) − 1.
        var did = EffectivenessMath.DifferenceInDifferences(
            EffectivenessMath.Summarize([9.0, 10, 11]), EffectivenessMath.Summarize([6.0, 7, 8]),
            EffectivenessMath.Summarize([19.0, 20, 21]), EffectivenessMath.Summarize([18.0, 19, 20]))!;

        did.Estimate.ShouldBe((0.7 / 0.95) - 1, 1e-12);
        var log = Math.Log(0.7) - Math.Log(0.95);
        var se = Math.Sqrt((1.0 / 147) + (1.0 / 300) + (1.0 / (3 * 361.0)) + (1.0 / 1200));
        did.Ci95!.Value.Low.ShouldBe(Math.Exp(log - (Z * se)) - 1, 1e-12);
        did.Ci95!.Value.High.ShouldBe(Math.Exp(log + (Z * se)) - 1, 1e-12);
    }

    [Fact]
    public void Coverage_maps_the_Wilson_interval_of_the_miss_share_monotonically()
    {
        // 12 of 200 unenforced items violate, of a population of 10,000: 600 missed against 1,200 enforced.
        var coverage = EffectivenessMath.Coverage(1200, 200, 12, 10_000)!;
        var misses = EffectivenessMath.Wilson(12, 200)!.Value;

        coverage.EstimatedMissed.ShouldBe(600, 1e-9);
        coverage.Value!.Value.ShouldBe(2.0 / 3, 1e-12);
        coverage.Ci95!.Value.Low.ShouldBe(1200 / (1200 + (10_000 * misses.High)), 1e-12);
        coverage.Ci95!.Value.High.ShouldBe(1200 / (1200 + (10_000 * misses.Low)), 1e-12);
        misses.Low.ShouldBe(0.0347, 0.0001);
        misses.High.ShouldBe(0.1019, 0.0001);
    }

    [Fact]
    public void The_median_takes_the_middle_value_or_the_mean_of_the_middle_two()
    {
        EffectivenessMath.Median([5.0, 1, 3]).ShouldBe(3);
        EffectivenessMath.Median([4.0, 1, 3, 2]).ShouldBe(2.5);
        EffectivenessMath.MedianOfSorted([7.5]).ShouldBe(7.5);
    }

    [Fact]
    public void A_window_summary_has_the_mean_and_the_sample_variance_of_its_daily_values()
    {
        var summary = EffectivenessMath.Summarize([2.0, 4, 4, 4, 5, 5, 7, 9])!;

        summary.Days.ShouldBe(8);
        summary.Mean.ShouldBe(5);
        summary.Variance!.Value.ShouldBe(32.0 / 7, 1e-12);
    }
}
