namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Spherical k-means (Dhillon &amp; Modha 2001): k-means on L2-normalised rows with cosine similarity and unit
/// centroids, seeded with k-means++ (Arthur &amp; Vassilvitskii 2007), best of several seeded restarts. Cost is
/// O(nnz · k) per iteration; centroids are stored column-major (k floats per feature) so each non-zero of a row
/// updates k contiguous dot products.
/// </summary>
internal static class SphericalKMeans
{
    /// <summary>Labels per row (0-based), column-major centroids, and the summed cosine to the own centroid.</summary>
    internal sealed record Fit(int[] Labels, float[] Similarity, float[] Centroids, int K, double Objective);

    /// <summary>
    /// Iterations a restart gets before the best one (highest objective) is run on to convergence: most of what
    /// separates restarts is decided in the first few, and full runs of every restart cost 20,000 texts several
    /// seconds. Convergence is "fewer than 1 in 1,000 rows changed cluster".
    /// </summary>
    private const int TrialIterations = 8;

    public static Fit Run(SparseRows x, int k, int seed, int restarts, int maxIterations)
    {
        Fit? best = null;
        float[]? bestCentroids = null;
        for (var r = 0; r < Math.Max(1, restarts); r++)
        {
            var centroids = new float[x.ColumnCount * k];
            Seed(x, k, new Random(unchecked(seed + (r * 7_919))), centroids);
            var fit = Iterate(x, k, centroids, restarts > 1 ? Math.Min(TrialIterations, maxIterations) : maxIterations, out var converged);
            if (best is null || fit.Objective > best.Objective)
            {
                (best, bestCentroids) = (fit, converged ? null : centroids);
            }
        }
        return bestCentroids is null ? best! : Iterate(x, k, bestCentroids, maxIterations, out _);
    }

    private static Fit Iterate(SparseRows x, int k, float[] centroids, int maxIterations, out bool converged)
    {
        var n = x.RowCount;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var similarity = new float[n];
        var dots = new float[k];
        var rowMajor = x.IsDense ? new float[centroids.Length] : [];
        var objective = 0.0;
        converged = false;
        for (var iteration = 0; iteration < maxIterations && !converged; iteration++)
        {
            var changed = 0;
            objective = 0;
            if (x.IsDense)
                Transpose(centroids, x.ColumnCount, k, rowMajor);
            for (var i = 0; i < n; i++)
            {
                Dots(x, i, k, centroids, rowMajor, dots);
                var bestC = 0;
                for (var c = 1; c < k; c++)
                {
                    if (dots[c] > dots[bestC])
                        bestC = c;
                }
                if (labels[i] != bestC)
                    changed++;
                labels[i] = bestC;
                similarity[i] = dots[bestC];
                objective += dots[bestC];
            }
            Update(x, k, labels, similarity, centroids);
            converged = changed <= n / 1_000;
        }
        return new Fit(labels, similarity, centroids, k, objective);
    }

    /// <summary>
    /// Cosine of row i to every centroid: SIMD over row-major centroids for dense (LSA) rows, otherwise one pass
    /// over the row's non-zeros against column-major centroids.
    /// </summary>
    private static void Dots(SparseRows x, int i, int k, float[] centroids, float[] rowMajor, float[] dots)
    {
        if (x.IsDense)
        {
            var row = x.Row(i);
            for (var c = 0; c < k; c++)
                dots[c] = SparseRows.DenseDot(row, rowMajor.AsSpan(c * row.Length, row.Length));
            return;
        }
        Array.Clear(dots);
        for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
        {
            var v = x.Values[p];
            var column = centroids.AsSpan(x.Indices[p] * k, k);
            for (var c = 0; c < column.Length; c++)
                dots[c] += v * column[c];
        }
    }

    private static void Transpose(float[] columnMajor, int features, int k, float[] rowMajor)
    {
        for (var f = 0; f < features; f++)
        {
            for (var c = 0; c < k; c++)
                rowMajor[(c * features) + f] = columnMajor[(f * k) + c];
        }
    }

    /// <summary>k-means++ seeding with D² sampling on cosine distance; centroids start as the chosen rows.</summary>
    private static void Seed(SparseRows x, int k, Random random, float[] centroids)
    {
        var n = x.RowCount;
        var bestSim = new float[n];
        Array.Fill(bestSim, float.NegativeInfinity);
        var dense = new float[x.ColumnCount];
        var chosen = random.Next(n);
        for (var c = 0; c < k; c++)
        {
            for (var p = x.RowStart[chosen]; p < x.RowStart[chosen + 1]; p++)
            {
                dense[x.Indices[p]] = x.Values[p];
                centroids[(x.Indices[p] * k) + c] = x.Values[p];
            }
            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                var s = 0f;
                for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                    s += x.Values[p] * dense[x.Indices[p]];
                if (s > bestSim[i])
                    bestSim[i] = s;
                var d = Math.Max(0.0, 1.0 - bestSim[i]);
                total += d * d;
            }
            for (var p = x.RowStart[chosen]; p < x.RowStart[chosen + 1]; p++)
                dense[x.Indices[p]] = 0;
            if (c == k - 1)
                break;
            chosen = total > 0 ? Sample(bestSim, total, random) : random.Next(n);
        }
    }

    private static int Sample(float[] bestSim, double total, Random random)
    {
        var target = random.NextDouble() * total;
        var acc = 0.0;
        for (var i = 0; i < bestSim.Length; i++)
        {
            var d = Math.Max(0.0, 1.0 - bestSim[i]);
            acc += d * d;
            if (acc >= target && d > 0)
                return i;
        }
        return Array.FindLastIndex(bestSim, s => s < 1f) is var last and >= 0 ? last : 0;
    }

    /// <summary>
    /// Centroid = normalised sum of members. An emptied cluster takes the row worst served by its own centroid
    /// (from a cluster with more than one member), the usual fix that keeps exactly k clusters.
    /// </summary>
    private static void Update(SparseRows x, int k, int[] labels, float[] similarity, float[] centroids)
    {
        var sizes = new int[k];
        foreach (var l in labels)
            sizes[l]++;
        for (var c = 0; c < k; c++)
        {
            if (sizes[c] > 0)
                continue;
            var worst = -1;
            for (var i = 0; i < labels.Length; i++)
            {
                if (sizes[labels[i]] > 1 && (worst < 0 || similarity[i] < similarity[worst]))
                    worst = i;
            }
            if (worst < 0)
                break;
            sizes[labels[worst]]--;
            labels[worst] = c;
            similarity[worst] = 1f;
            sizes[c]++;
        }
        Array.Clear(centroids);
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                centroids[(x.Indices[p] * k) + l] += x.Values[p];
        }
        var norms = new double[k];
        for (var j = 0; j < centroids.Length; j++)
            norms[j % k] += (double)centroids[j] * centroids[j];
        var scale = new float[k];
        for (var c = 0; c < k; c++)
            scale[c] = norms[c] > 0 ? (float)(1 / Math.Sqrt(norms[c])) : 0f;
        for (var j = 0; j < centroids.Length; j++)
            centroids[j] *= scale[j % k];
    }
}
