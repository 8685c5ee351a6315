using Incident.Api.Features.Signals.Detection;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Signals;

/// <summary>The signal_series table as Dapper reads it.</summary>
public sealed class SeriesRow
{
    public Guid Id { get; init; }

    public string BusinessLine { get; init; } = "";

    public string Category { get; init; } = "";

    public string Metric { get; init; } = "";

    public double? Threshold { get; init; }

    public string? DetectorState { get; init; }

    public long PointCount { get; init; }

    public DateTimeOffset? LastObservedAt { get; init; }

    public DateTimeOffset? AlertsFrom { get; init; }
}

/// <summary>A point with the score the series' detector gave it.</summary>
public readonly record struct ScoredPoint(DateTimeOffset Timestamp, double Value, double Score);

/// <summary>A run of consecutive points at or above the series threshold.</summary>
public sealed record DetectedAnomaly(
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double PeakScore, double PeakValue, double? Baseline, int Points);

/// <summary>
/// One monitored series: its detector, restored from the state saved after the previous batch, so
/// scoring is strictly streaming (ADR-0011): a point is scored from the points before it only,
/// however the points were split into batches.
/// </summary>
public sealed class MonitoredSeries
{
    /// <summary>Values the baseline (a median) is taken over.</summary>
    public const int BaselinePoints = 60;

    private readonly AnomalyDetector detector;
    private readonly Queue<double> recent;

    public MonitoredSeries(SeriesRow row, IEnumerable<double> recentValues)
    {
        ArgumentNullException.ThrowIfNull(row);
        Row = row;
        detector = row.DetectorState is { } state ? AnomalyDetector.Restore(state) : new AnomalyDetector();
        recent = new Queue<double>(recentValues);
        PointCount = row.PointCount;
        LastObservedAt = row.LastObservedAt;
        AlertsFrom = row.AlertsFrom;
    }

    public SeriesRow Row { get; }

    public Guid Id => Row.Id;

    public double Threshold => Row.Threshold ?? SignalOptions.DefaultThreshold;

    /// <summary>Series id and category: anomalies with the same fingerprint share an incident within the dedupe window.</summary>
    public string Fingerprint => $"{Row.Id:N}:{Row.Category}";

    public long PointCount { get; private set; }

    public DateTimeOffset? LastObservedAt { get; private set; }

    public ScoredPoint? Last { get; private set; }

    /// <summary>The first point that could raise an anomaly; null while the series is settling.</summary>
    public DateTimeOffset? AlertsFrom { get; private set; }

    public double? Baseline => Median(recent);

    public string DetectorState => detector.Snapshot().ToJson();

    /// <summary>Scores the batch in order; returns the scored points and the anomalies they raise.</summary>
    public (List<ScoredPoint> Points, List<DetectedAnomaly> Anomalies) Ingest(
        IReadOnlyList<SignalPoint> points, string firstRow, int settlingPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count > 0 && LastObservedAt is { } last && points[0].Timestamp <= last)
        {
            throw ValidationFailedException.For(firstRow,
                $"{firstRow}: timestamp {points[0].Timestamp:O} is not after the series' last stored point ({last:O}); " +
                "a point may be sent once, in time order.");
        }

        var quiet = detector.Options.WarmupPoints + settlingPoints;
        var scored = new List<ScoredPoint>(points.Count);
        var anomalies = new List<DetectedAnomaly>();
        var run = new List<ScoredPoint>();
        double? runBaseline = null;
        foreach (var point in points)
        {
            var score = detector.Score(point.Timestamp, point.Value);
            var current = new ScoredPoint(point.Timestamp, point.Value, score);
            scored.Add(current);
            PointCount++;
            if (PointCount > quiet && AlertsFrom is null)
            {
                AlertsFrom = point.Timestamp;
            }

            if (score >= Threshold && PointCount > quiet)
            {
                runBaseline = run.Count == 0 ? Baseline : runBaseline;
                run.Add(current);
            }
            else if (run.Count > 0)
            {
                anomalies.Add(Close(run, runBaseline));
            }

            Remember(point.Value);
        }

        if (run.Count > 0)
        {
            anomalies.Add(Close(run, runBaseline));
        }

        if (scored.Count > 0)
        {
            Last = scored[^1];
            LastObservedAt = Last.Value.Timestamp;
        }

        return (scored, anomalies);
    }

    private static DetectedAnomaly Close(List<ScoredPoint> run, double? baseline)
    {
        var peak = run.MaxBy(p => p.Score);
        var anomaly = new DetectedAnomaly(run[0].Timestamp, run[^1].Timestamp, peak.Score, peak.Value, baseline, run.Count);
        run.Clear();
        return anomaly;
    }

    private void Remember(double value)
    {
        recent.Enqueue(value);
        if (recent.Count > BaselinePoints)
        {
            recent.Dequeue();
        }
    }

    private static double? Median(Queue<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
