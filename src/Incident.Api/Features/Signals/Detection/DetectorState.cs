using System.Text.Json;

namespace Incident.Api.Features.Signals.Detection;

/// <summary>
/// Everything a detector remembers about one series. Plain properties so that
/// System.Text.Json can persist it between batches and restore it bit for bit.
/// </summary>
public sealed class DetectorState
{
    public long Count { get; set; }

    /// <summary>Timestamp of the last scored point, so a resumed batch can skip points already seen.</summary>
    public DateTimeOffset LastTimestamp { get; set; }

    public double[] Warmup { get; set; } = [];
    public long[] WarmupTicks { get; set; } = [];
    public bool Scaled { get; set; }
    public double Offset { get; set; }
    public double Scale { get; set; } = 1.0;

    public int BlockFill { get; set; }
    public double BlockSum { get; set; }
    public double BlockMin { get; set; }
    public double BlockMax { get; set; }
    public long Blocks { get; set; }
    public double[] BlockMeans { get; set; } = [];
    public double[] BlockRanges { get; set; } = [];

    public int PrototypeCount { get; set; }
    public double[] Prototypes { get; set; } = [];
    public long[] PrototypeUsed { get; set; } = [];
    public int LastWinner { get; set; }

    public int BucketMinutes { get; set; } = 1;
    public double[] Profile { get; set; } = [];
    public int[] ProfileVisits { get; set; } = [];
    public double Level { get; set; }
    public double Sustained { get; set; }
    public double[] RecentResiduals { get; set; } = [];

    public double[] NoveltyRecord { get; set; } = [];
    public double[] NoveltyMean { get; set; } = [];
    public long LastAlert { get; set; } = long.MinValue / 2;
    public double LastScore { get; set; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static DetectorState FromJson(string json) =>
        JsonSerializer.Deserialize<DetectorState>(json, JsonOptions)
        ?? throw new JsonException("Detector state JSON was null.");

    public DetectorState Clone()
    {
        var copy = (DetectorState)MemberwiseClone();
        copy.Warmup = (double[])Warmup.Clone();
        copy.WarmupTicks = (long[])WarmupTicks.Clone();
        copy.Profile = (double[])Profile.Clone();
        copy.ProfileVisits = (int[])ProfileVisits.Clone();
        copy.RecentResiduals = (double[])RecentResiduals.Clone();
        copy.NoveltyRecord = (double[])NoveltyRecord.Clone();
        copy.NoveltyMean = (double[])NoveltyMean.Clone();
        copy.BlockMeans = (double[])BlockMeans.Clone();
        copy.BlockRanges = (double[])BlockRanges.Clone();
        copy.Prototypes = (double[])Prototypes.Clone();
        copy.PrototypeUsed = (long[])PrototypeUsed.Clone();
        return copy;
    }
}
