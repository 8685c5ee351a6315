using Incident.Api.Features.Signals.Detection;

namespace Incident.Api.Features.Signals;

/// <summary>The "Incident:Signals" configuration section (ADR-0011).</summary>
public sealed class SignalOptions
{
    public const string Section = "Incident:Signals";

    /// <summary>API.md: up to 10,000 points a call (JSON, CSV, and each batch of import-signals).</summary>
    public const int MaxPointsPerBatch = 10_000;

    /// <summary>Points older than this many days are deleted by <see cref="PurgeOldSignalPointsJob"/>.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>An anomaly joins the open incident of the same fingerprint when it starts this soon after the previous one ended.</summary>
    public double DedupeWindowHours { get; set; } = 6;

    /// <summary>
    /// ADR-0011: the detector fires once right after its warm-up on almost any series (an artefact of
    /// its records starting at zero); points up to WarmupPoints + this many are scored and stored but
    /// raise no anomaly. 0 alerts exactly as the detect command does.
    /// </summary>
    public int SettlingPoints { get; set; } = 100;

    public TimeSpan DedupeWindow => TimeSpan.FromHours(DedupeWindowHours);

    public static double DefaultThreshold => new DetectorOptions().AlertThreshold;
}
