namespace Incident.Api.Features.Signals.Detection;

/// <summary>
/// The one default configuration used for every series. Nothing here depends on the
/// length of a series, its name or its labels: all of it is known before the first point.
/// </summary>
public sealed record DetectorOptions
{
    /// <summary>Scores at or above this value are alerts (NAB's fixed threshold).</summary>
    public double AlertThreshold { get; init; } = 0.5;

    /// <summary>Points that only train the model; their score is always 0.</summary>
    public int WarmupPoints { get; init; } = 200;

    /// <summary>Raw points folded into one block of the pattern window.</summary>
    public int BlockSize { get; init; } = 6;

    /// <summary>Blocks in one pattern window.</summary>
    public int WindowBlocks { get; init; } = 8;

    /// <summary>Upper bound of remembered patterns (memory and per-point cost are O(this)).</summary>
    public int MaxPrototypes { get; init; } = 96;

    /// <summary>Distance (mean absolute, in warm-up scale units) within which a pattern is "known".</summary>
    public double PrototypeRadius { get; init; } = 0.08;

    /// <summary>Learning rate of the matched prototype.</summary>
    public double PrototypeRate { get; init; } = 0.1;

    /// <summary>Points after an alert during which no new alert is raised.</summary>
    public int RefractoryPoints { get; init; } = 150;

    /// <summary>When memory is full, fold a novel pattern into its nearest prototype instead of evicting one.</summary>
    public bool MergeWhenFull { get; init; } = true;

    /// <summary>Per-point decay of the novelty record (half-life ≈ ln2 / (1 - decay)).</summary>
    public double RecordDecay { get; init; } = 0.9995;

    /// <summary>How far above the decayed record a novelty must be to alert.</summary>
    public double RecordMargin { get; init; } = 1.0;

    /// <summary>Minimum ratio of novelty to its running mean to alert.</summary>
    public double MinRatioToMean { get; init; } = 3.0;

    /// <summary>Smoothing of the running mean novelty.</summary>
    public double MeanRate { get; init; } = 0.003;

    /// <summary>Minutes per time-of-day bucket of the daily profile; 0 = the sampling interval.</summary>
    public int ProfileBucketMinutes { get; init; }

    /// <summary>Learning rate of the overall level (used for buckets never seen yet).</summary>
    public double LevelRate { get; init; } = 0.01;

    /// <summary>Learning rate of the daily profile, per visit of a bucket.</summary>
    public double ProfileRate { get; init; } = 0.25;

    /// <summary>Smoothing of the profile residual (how sustained a deviation must be).</summary>
    public double SustainRate { get; init; } = 0.02;

    /// <summary>Enables the sustained-deviation-from-daily-profile channel.</summary>
    public bool UseProfile { get; init; } = true;

    /// <summary>Residuals are median-filtered over this many points before smoothing.</summary>
    public int MedianPoints { get; init; } = 5;

    /// <summary>Minimum ratio of the profile deviation to its running mean to alert.</summary>
    public double ProfileMinRatio { get; init; } = 5.0;
}
