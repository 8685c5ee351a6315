namespace Incident.Api.Features.Assessment;

/// <summary>What the operator knows in the first minutes (API.md "assessment").</summary>
public sealed record AssessmentInput(
    long? AffectedContent,
    long? Exposure,
    double? SpreadPerHour,
    double? Sensitivity,
    bool? MinorsInvolved,
    string? OverrideSeverity,
    string? OverrideReason);

public sealed record AssessmentFactor(string Factor, double Value, double Weight, double Score, double Contribution, string Explanation);

public sealed record RiskAssessment(double RiskScore, string SuggestedSeverity, IReadOnlyList<AssessmentFactor> Explanation);

/// <summary>
/// A transparent additive model, so every point of the score can be explained to leadership:
/// impact (affected content, exposure), spread (growth per hour), sensitivity (category weight or the
/// operator's own) and audience (minors). Counts are log-scaled: the difference between 10 and 1,000
/// affected items matters as much as between 1,000 and 100,000.
/// </summary>
public static class RiskModel
{
    public const double ImpactWeight = 0.35;
    public const double SpreadWeight = 0.25;
    public const double SensitivityWeight = 0.25;
    public const double AudienceWeight = 0.15;

    /// <summary>Score thresholds (0–100) for the suggested severity, most severe first.</summary>
    public static readonly IReadOnlyList<(double Threshold, string Severity)> Bands = [(75, "S1"), (55, "S2"), (35, "S3"), (0, "S4")];

    public static RiskAssessment Assess(AssessmentInput input, double categorySensitivity, string categoryName)
    {
        var affected = Math.Max(0, input.AffectedContent ?? 0);
        var exposure = Math.Max(0, input.Exposure ?? 0);
        var spread = Math.Max(0, input.SpreadPerHour ?? 0);
        // 1e6 affected items or 1e8 exposures saturate impact; 1e5 new items per hour saturates spread.
        var affectedScore = Math.Min(1, Math.Log10(1 + affected) / 6);
        var exposureScore = Math.Min(1, Math.Log10(1 + exposure) / 8);
        var impact = (affectedScore + exposureScore) / 2;
        var spreadScore = Math.Min(1, Math.Log10(1 + spread) / 5);
        var sensitivity = Math.Clamp(input.Sensitivity ?? categorySensitivity, 0, 1);
        var audience = input.MinorsInvolved == true ? 1.0 : 0.0;

        var factors = new List<AssessmentFactor>
        {
            Factor("impact", affected + exposure, ImpactWeight, impact,
                $"{affected:N0} affected items and {exposure:N0} exposures (log-scaled; 1M items or 100M exposures saturate)."),
            Factor("spread", spread, SpreadWeight, spreadScore,
                $"{spread:N1} new items per hour (log-scaled; 100k/h saturates)."),
            Factor("sensitivity", sensitivity, SensitivityWeight, sensitivity,
                input.Sensitivity is null ? $"Category '{categoryName}' weight {categorySensitivity:0.00}." : $"Operator-set sensitivity {sensitivity:0.00}."),
            Factor("audience", audience, AudienceWeight, audience,
                input.MinorsInvolved == true ? "Minors are involved: full audience weight." : "No minors reported."),
        };
        var score = Math.Round(factors.Sum(f => f.Contribution), 1);
        var severity = Bands.First(b => score >= b.Threshold).Severity;
        return new RiskAssessment(score, severity, factors);
    }

    private static AssessmentFactor Factor(string name, double value, double weight, double score, string explanation) =>
        new(name, value, weight, Math.Round(score, 3), Math.Round(100 * weight * score, 1), explanation);
}
