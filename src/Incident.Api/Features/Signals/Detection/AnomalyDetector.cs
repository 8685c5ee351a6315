using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Incident.Api.Features.Signals.Detection;

/// <summary>
/// Streaming anomaly detector for one series: each point gets a score in [0, 1] from
/// what came before it only. Two channels: pattern novelty (distance of the latest window to
/// its nearest remembered prototype, in the spirit of ARTime's adaptive-resonance categories)
/// and a sustained deviation from the time-of-day profile (seasonality, level shifts). Each is
/// compared with its own decaying record, and an alert is emitted once per suspected event.
/// </summary>
public sealed class AnomalyDetector
{
    private readonly DetectorOptions _options;
    private readonly DetectorState _s;
    private readonly int _dim;
    private readonly double[] _feature;
    private readonly double[] _novelty = new double[Channels];
    private readonly double[] _decay;
    private readonly double[] _median;

    // Channel 0: pattern novelty; channel 1: sustained deviation from the daily profile.
    private const int Channels = 2;

    public AnomalyDetector(DetectorOptions? options = null, DetectorState? state = null)
    {
        _options = options ?? new DetectorOptions();
        Validate(_options);
        _dim = 2 * _options.WindowBlocks;
        _feature = new double[_dim];
        _median = new double[_options.MedianPoints];
        // The pattern channel updates once per block, the others once per point.
        _decay = [Math.Pow(_options.RecordDecay, _options.BlockSize), _options.RecordDecay];
        _s = state?.Clone() ?? NewState(_options, _dim);
        if (_s.Prototypes.Length != _options.MaxPrototypes * _dim || _s.BlockMeans.Length != _options.WindowBlocks
            || _s.NoveltyRecord.Length != Channels || _s.RecentResiduals.Length != _median.Length
            || (!_s.Scaled && _s.Warmup.Length != _options.WarmupPoints))
        {
            throw new ArgumentException("The state was saved with different detector options.", nameof(state));
        }
    }

    /// <summary>Restores a detector from <see cref="DetectorState.ToJson"/> output.</summary>
    public static AnomalyDetector Restore(string stateJson, DetectorOptions? options = null) =>
        new(options, DetectorState.FromJson(stateJson));

    private static void Validate(DetectorOptions o)
    {
        if (o.WarmupPoints < 2 || o.BlockSize < 1 || o.WindowBlocks < 1 || o.MaxPrototypes < 1 || o.MedianPoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o),
                "WarmupPoints must be at least 2; BlockSize, WindowBlocks, MaxPrototypes and MedianPoints at least 1.");
        }
    }

    public DetectorOptions Options => _options;

    /// <summary>True once the warm-up is over and scores can be non-zero.</summary>
    public bool IsWarm => _s.Scaled;

    /// <summary>Points seen so far (non-finite values are skipped and not counted).</summary>
    public long Count => _s.Count;

    /// <summary>A deep copy of the current state, safe to serialize.</summary>
    public DetectorState Snapshot() => _s.Clone();

    public double Score(DateTimeOffset timestamp, double value)
    {
        _s.LastTimestamp = timestamp;
        if (!double.IsFinite(value))
        {
            // A missing reading says nothing about the process; keep the model untouched.
            return 0.0;
        }

        var n = ++_s.Count;
        if (!_s.Scaled)
        {
            _s.Warmup[n - 1] = value;
            _s.WarmupTicks[n - 1] = timestamp.UtcTicks;
            if (n == _options.WarmupPoints)
            {
                FixScale();
                for (var i = 0; i < _s.Warmup.Length; i++)
                {
                    Step(_s.WarmupTicks[i], _s.Warmup[i], learnOnly: true);
                }
                _s.Warmup = [];
                _s.WarmupTicks = [];
            }
            return 0.0;
        }
        return Step(timestamp.UtcTicks, value, learnOnly: false);
    }

    private static DetectorState NewState(DetectorOptions o, int dim) => new()
    {
        Warmup = new double[o.WarmupPoints],
        WarmupTicks = new long[o.WarmupPoints],
        RecentResiduals = new double[o.MedianPoints],
        NoveltyRecord = new double[Channels],
        NoveltyMean = new double[Channels],
        BlockMeans = new double[o.WindowBlocks],
        BlockRanges = new double[o.WindowBlocks],
        Prototypes = new double[o.MaxPrototypes * dim],
        PrototypeUsed = new long[o.MaxPrototypes],
    };

    private void FixScale()
    {
        // A robust spread (5th..95th percentile) of the warm-up sets the unit of every
        // distance, so that one config serves CPU percentages and tweet counts alike.
        var sorted = (double[])_s.Warmup.Clone();
        Array.Sort(sorted);
        var lo = sorted[(int)(0.05 * (sorted.Length - 1))];
        var hi = sorted[(int)(0.95 * (sorted.Length - 1))];
        var spread = hi - lo;
        if (spread <= 0)
        {
            spread = sorted[^1] - sorted[0];
        }
        if (spread <= 0)
        {
            spread = Math.Max(Math.Abs(lo) * 0.01, 1e-9);
        }
        _s.Offset = lo;
        _s.Scale = spread;
        _s.Level = (sorted[sorted.Length / 2] - lo) / spread;
        _s.Scaled = true;

        // One profile bucket per sampling interval (median spacing of the warm-up), or the
        // configured width, so a daily edge never falls inside a coarse bucket.
        var bucket = _options.ProfileBucketMinutes;
        if (bucket <= 0)
        {
            var gaps = new long[Math.Max(1, _s.WarmupTicks.Length - 1)];
            for (var i = 1; i < _s.WarmupTicks.Length; i++)
            {
                gaps[i - 1] = _s.WarmupTicks[i] - _s.WarmupTicks[i - 1];
            }
            Array.Sort(gaps);
            bucket = (int)Math.Round((double)gaps[gaps.Length / 2] / TimeSpan.TicksPerMinute);
        }
        _s.BucketMinutes = Math.Clamp(bucket, 1, 1440);
        _s.Profile = new double[Math.Max(1, 1440 / _s.BucketMinutes)];
        _s.ProfileVisits = new int[_s.Profile.Length];
    }

    private double Step(long ticks, double value, bool learnOnly)
    {
        // Bounded so that an absurd reading cannot overflow the state into infinities.
        var u = Math.Clamp((value - _s.Offset) / _s.Scale, -1e9, 1e9);
        Array.Clear(_novelty);
        if (_options.UseProfile)
        {
            _novelty[1] = ProfileDeviation(ticks, u);
        }
        if (_s.BlockFill == 0)
        {
            _s.BlockSum = 0;
            _s.BlockMin = u;
            _s.BlockMax = u;
        }
        _s.BlockSum += u;
        _s.BlockMin = Math.Min(_s.BlockMin, u);
        _s.BlockMax = Math.Max(_s.BlockMax, u);
        if (++_s.BlockFill < _options.BlockSize)
        {
            if (learnOnly)
            {
                UpdateStats(blockEnd: false);
                return 0.0;
            }
            return Decide(blockEnd: false);
        }

        var slot = (int)(_s.Blocks % _options.WindowBlocks);
        _s.BlockMeans[slot] = _s.BlockSum / _s.BlockFill;
        _s.BlockRanges[slot] = _s.BlockMax - _s.BlockMin;
        _s.BlockFill = 0;
        _s.Blocks++;
        if (_s.Blocks >= _options.WindowBlocks)
        {
            BuildFeature(slot);
            _novelty[0] = Learn();
        }
        if (learnOnly)
        {
            UpdateStats(blockEnd: true);
            return 0.0;
        }
        return Decide(blockEnd: true);
    }

    private void BuildFeature(int newest)
    {
        var k = _options.WindowBlocks;
        for (var i = 0; i < k; i++)
        {
            var src = (newest + 1 + i) % k;
            _feature[i] = _s.BlockMeans[src];
            _feature[k + i] = _s.BlockRanges[src];
        }
    }

    private double Learn()
    {
        var dim = _dim;
        var protos = _s.Prototypes;
        var best = -1;
        var bestDist = double.PositiveInfinity;
        ref var protoRef = ref MemoryMarshal.GetArrayDataReference(protos);
        ref var featRef = ref MemoryMarshal.GetArrayDataReference(_feature);
        var vectorEnd = dim - (dim % Vector256<double>.Count);
        // Start from the last winner: a tight early bound lets most other rows exit early.
        var first = _s.LastWinner < _s.PrototypeCount ? _s.LastWinner : 0;
        for (var k = 0; k < _s.PrototypeCount; k++)
        {
            // O(prototypes x dim) per block is the detector's only non-constant cost: SIMD it.
            var p = k == 0 ? first : (k <= first ? k - 1 : k);
            var off = (nuint)(p * dim);
            var d = 0.0;
            var j = 0;
            for (; j < vectorEnd && d < bestDist; j += Vector256<double>.Count)
            {
                var a = Vector256.LoadUnsafe(ref protoRef, off + (nuint)j);
                var b = Vector256.LoadUnsafe(ref featRef, (nuint)j);
                d += Vector256.Sum(Vector256.Abs(a - b));
            }
            for (; j < dim && d < bestDist; j++)
            {
                d += Math.Abs(protos[(int)off + j] - _feature[j]);
            }
            if (d < bestDist)
            {
                bestDist = d;
                best = p;
            }
        }
        bestDist /= dim;

        // Like fuzzy ART: a pattern outside every prototype's radius founds a new category;
        // with memory full it is folded into its nearest one rather than forgetting another.
        var full = _s.PrototypeCount >= _options.MaxPrototypes;
        if (best < 0 || (bestDist > _options.PrototypeRadius && !(full && _options.MergeWhenFull)))
        {
            var target = !full ? _s.PrototypeCount++ : LeastRecentlyUsed();
            Array.Copy(_feature, 0, protos, target * dim, dim);
            _s.PrototypeUsed[target] = _s.Blocks;
        }
        else
        {
            var off = best * dim;
            var rate = _options.PrototypeRate;
            for (var j = 0; j < dim; j++)
            {
                protos[off + j] += rate * (_feature[j] - protos[off + j]);
            }
            _s.PrototypeUsed[best] = _s.Blocks;
            _s.LastWinner = best;
        }
        return best < 0 ? 0.0 : bestDist;
    }

    private int LeastRecentlyUsed()
    {
        var used = _s.PrototypeUsed;
        var idx = 0;
        for (var p = 1; p < _s.PrototypeCount; p++)
        {
            if (used[p] < used[idx])
            {
                idx = p;
            }
        }
        return idx;
    }

    private double ProfileDeviation(long ticks, double u)
    {
        // Daily seasonality from the timestamp itself: a deviation from what this time of
        // day usually looks like, smoothed so that only a sustained one counts
        // (a missing daily peak or a flat day is invisible to value-only detectors).
        var o = _options;
        var minuteOfDay = (int)(ticks / TimeSpan.TicksPerMinute % 1440);
        var b = minuteOfDay / _s.BucketMinutes % _s.Profile.Length;
        var seen = _s.ProfileVisits[b] > 0;
        var residual = u - (seen ? _s.Profile[b] : _s.Level);

        // Median of the last few residuals: a one- or two-point spike (the pattern channel's
        // job) cannot pass for a sustained shift.
        var ring = _s.RecentResiduals;
        ring[(int)(_s.Count % ring.Length)] = residual;
        _s.Sustained += o.SustainRate * (Median(ring, _median) - _s.Sustained);

        _s.Profile[b] = seen ? _s.Profile[b] + o.ProfileRate * residual : u;
        _s.ProfileVisits[b]++;
        _s.Level += o.LevelRate * (u - _s.Level);
        return Math.Abs(_s.Sustained);
    }

    private static double Median(double[] values, double[] scratch)
    {
        Array.Copy(values, scratch, values.Length);
        Array.Sort(scratch);
        return scratch[scratch.Length / 2];
    }

    private void UpdateStats(bool blockEnd)
    {
        var o = _options;
        for (var c = 0; c < Channels; c++)
        {
            if (c == 0 && !blockEnd)
            {
                continue;
            }
            var record = _s.NoveltyRecord[c] * _decay[c];
            _s.NoveltyMean[c] += o.MeanRate * (_novelty[c] - _s.NoveltyMean[c]);
            _s.NoveltyRecord[c] = Math.Max(record, _novelty[c]);
        }
    }

    private double Ratio(int c)
    {
        var o = _options;
        var record = _s.NoveltyRecord[c] * _decay[c];
        var minRatio = c == 0 ? o.MinRatioToMean : o.ProfileMinRatio;
        var floor = Math.Max(record * o.RecordMargin, _s.NoveltyMean[c] * minRatio);
        return floor > 0 ? _novelty[c] / floor : 0.0;
    }

    private double Decide(bool blockEnd)
    {
        var o = _options;
        var ratio = 0.0;
        var fires = false;
        if (blockEnd)
        {
            var r = Ratio(0);
            ratio = r;
            fires |= r >= 1.0 && _novelty[0] > o.PrototypeRadius;
        }
        if (o.UseProfile)
        {
            var r = Ratio(1);
            ratio = Math.Max(ratio, r);
            fires |= r >= 1.0;
        }
        UpdateStats(blockEnd);

        // NAB rewards the earliest detection inside a window and charges every further
        // one outside it: alert once, then stay below the threshold for a refractory time.
        var refractory = _s.Count - _s.LastAlert <= o.RefractoryPoints;
        double score;
        if (fires && !refractory)
        {
            _s.LastAlert = _s.Count;
            score = o.AlertThreshold + (1 - o.AlertThreshold) * Math.Min(1.0, ratio - 1.0);
        }
        else
        {
            // Held below the threshold so a threshold sweep still sees a graded signal.
            score = o.AlertThreshold * 0.98 * Math.Min(1.0, ratio) * (refractory ? 0.5 : 1.0);
        }
        _s.LastScore = score;
        return score;
    }
}
