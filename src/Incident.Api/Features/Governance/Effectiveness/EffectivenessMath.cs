namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>A two-sided 95 % interval.</summary>
public readonly record struct Interval(double Low, double High)
{
    public IReadOnlyList<double> ToList() => [Low, High];
}

/// <summary>The daily values of one window: how many days, their mean and sample variance (null under two days).</summary>
public sealed record WindowSummary(int Days, double Mean, double? Variance);

/// <summary>A relative change (after / before − 1, or the difference-in-differences ratio − 1) with its interval.</summary>
public sealed record RelativeEstimate(double Estimate, Interval? Ci95);

/// <summary>Coverage = enforced / (enforced + estimated missed), with the interval mapped from the miss share's.</summary>
public sealed record CoverageEstimate(double? Value, Interval? Ci95, double EstimatedMissed);

/// <summary>
/// ADR-0014: the statistics behind a rule's effectiveness, pure and deterministic so every figure can
/// be checked by hand. Degenerate inputs (no sample, a zero mean, a single day) give null, never NaN
/// or infinity: System.Text.Json refuses those, and a reader would be misled by them.
/// </summary>
public static class EffectivenessMath
{
    /// <summary>The 97.5 % quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959964;

    /// <summary>Wilson score interval of <paramref name="successes"/> out of <paramref name="n"/>; null for an empty sample.</summary>
    public static Interval? Wilson(long successes, long n)
    {
        if (n <= 0 || successes < 0 || successes > n)
        {
            return null;
        }

        var p = (double)successes / n;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2.0 * n))) / denominator;
        var half = Z95 / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        // Rounding can leave the bounds a hair outside [0, 1] at 0/n and n/n.
        return new Interval(Math.Clamp(centre - half, 0, 1), Math.Clamp(centre + half, 0, 1));
    }

    /// <summary>part / whole, or null when there is no whole.</summary>
    public static double? Share(long part, long whole) => whole > 0 ? (double)part / whole : null;

    /// <summary>Mean and sample variance (n − 1) of a window's daily values; null without any day.</summary>
    public static WindowSummary? Summarize(IReadOnlyCollection<double> daily)
    {
        if (daily.Count == 0)
        {
            return null;
        }

        var mean = daily.Sum() / daily.Count;
        double? variance = daily.Count < 2 ? null : daily.Sum(v => (v - mean) * (v - mean)) / (daily.Count - 1);
        return new WindowSummary(daily.Count, mean, variance);
    }

    /// <summary>
    /// after / before − 1; its interval from the delta method on the log ratio:
    /// log(a/b) ± z·√(s_a²/(n_a·a²) + s_b²/(n_b·b²)), mapped back with exp(·) − 1.
    /// </summary>
    public static RelativeEstimate? RelativeChange(WindowSummary? before, WindowSummary? after)
    {
        if (before is not { Mean: > 0 } b || after is null || !double.IsFinite(after.Mean / b.Mean))
        {
            return null;
        }

        var estimate = (after.Mean / b.Mean) - 1;
        var terms = new[] { LogVarianceTerm(after), LogVarianceTerm(b) };
        return new RelativeEstimate(estimate, LogInterval(Math.Log(after.Mean) - Math.Log(b.Mean), terms));
    }

    /// <summary>
    /// Difference in differences on the log scale: log(Ta/Tb) − log(Ca/Cb), its variance the sum of the four
    /// delta-method terms; reported as (Ta/Tb)/(Ca/Cb) − 1 with the interval mapped back the same way.
    /// </summary>
    public static RelativeEstimate? DifferenceInDifferences(
        WindowSummary? treatedBefore, WindowSummary? treatedAfter, WindowSummary? controlBefore, WindowSummary? controlAfter)
    {
        if (treatedBefore is not { Mean: > 0 } tb || treatedAfter is not { Mean: > 0 } ta
            || controlBefore is not { Mean: > 0 } cb || controlAfter is not { Mean: > 0 } ca)
        {
            return null;
        }

        var log = Math.Log(ta.Mean) - Math.Log(tb.Mean) - (Math.Log(ca.Mean) - Math.Log(cb.Mean));
        var estimate = Math.Exp(log) - 1;
        if (!double.IsFinite(estimate))
        {
            return null;
        }

        return new RelativeEstimate(estimate, LogInterval(log, [LogVarianceTerm(ta), LogVarianceTerm(tb), LogVarianceTerm(ca), LogVarianceTerm(cb)]));
    }

    /// <summary>
    /// Coverage E / (E + M) with M = population · (violating / n), the estimated violations nobody enforced.
    /// The interval maps the Wilson interval [lo, hi] of the miss share monotonically: [E/(E + N·hi), E/(E + N·lo)].
    /// </summary>
    public static CoverageEstimate? Coverage(long enforced, long sampleSize, long violating, long population)
    {
        if (Wilson(violating, sampleSize) is not { } misses || enforced < 0 || population < 0)
        {
            return null;
        }

        var missed = population * ((double)violating / sampleSize);
        var value = Divide(enforced, enforced + missed);
        var low = Divide(enforced, enforced + (population * misses.High));
        var high = Divide(enforced, enforced + (population * misses.Low));
        return new CoverageEstimate(value, low is { } lo && high is { } hi ? new Interval(lo, hi) : null, missed);
    }

    /// <summary>The median of values already in ascending order (the mean of the middle two for an even count); null when empty.</summary>
    public static double? MedianOfSorted(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };

    /// <summary>The median of any values; null when empty.</summary>
    public static double? Median(IEnumerable<double> values) => MedianOfSorted([.. values.Order()]);

    /// <summary>s²/(n·m²): one window's share of the log ratio's variance; null when it has under two days.</summary>
    private static double? LogVarianceTerm(WindowSummary window) =>
        window is { Variance: { } variance, Days: >= 2, Mean: > 0 } ? variance / (window.Days * window.Mean * window.Mean) : null;

    private static Interval? LogInterval(double log, IReadOnlyList<double?> terms)
    {
        if (terms.Any(t => t is null))
        {
            return null;
        }

        var se = Math.Sqrt(terms.Sum(t => t!.Value));
        var low = Math.Exp(log - (Z95 * se)) - 1;
        var high = Math.Exp(log + (Z95 * se)) - 1;
        return double.IsFinite(low) && double.IsFinite(high) ? new Interval(low, high) : null;
    }

    private static double? Divide(double numerator, double denominator) =>
        denominator > 0 && double.IsFinite(numerator / denominator) ? numerator / denominator : null;
}
