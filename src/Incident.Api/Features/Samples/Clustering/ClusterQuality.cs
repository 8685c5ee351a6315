namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Clustering quality measures: external ones against known labels (NMI, purity), and internal ones: the cosine
/// silhouette reported with a run and the modularity on a nearest-neighbour graph used to choose k.
/// </summary>
internal static class ClusterQuality
{
    /// <summary>
    /// Normalised mutual information with arithmetic-mean normalisation, MI / ((H(labels) + H(clusters)) / 2),
    /// as scikit-learn's default. 1 = identical partitions, ~0 = independent. Both partitions trivial gives 1.
    /// </summary>
    public static double NormalizedMutualInformation(IReadOnlyList<int> labels, IReadOnlyList<int> clusters)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clusters);
        if (labels.Count != clusters.Count)
            throw new ArgumentException("labels and clusters differ in length", nameof(clusters));
        var n = (double)labels.Count;
        if (n == 0)
            return 1;
        var joint = new Dictionary<(int, int), int>();
        var a = new Dictionary<int, int>();
        var b = new Dictionary<int, int>();
        for (var i = 0; i < labels.Count; i++)
        {
            joint[(labels[i], clusters[i])] = joint.GetValueOrDefault((labels[i], clusters[i])) + 1;
            a[labels[i]] = a.GetValueOrDefault(labels[i]) + 1;
            b[clusters[i]] = b.GetValueOrDefault(clusters[i]) + 1;
        }
        var mi = 0.0;
        foreach (var ((l, c), count) in joint)
            mi += count / n * Math.Log(count * n / ((double)a[l] * b[c]));
        var ha = Entropy(a.Values, n);
        var hb = Entropy(b.Values, n);
        if (ha == 0 && hb == 0)
            return 1;
        var mean = (ha + hb) / 2;
        return mean <= 0 ? 0 : Math.Clamp(mi / mean, 0, 1);
    }

    /// <summary>Share of items whose cluster's majority label is their own label.</summary>
    public static double Purity(IReadOnlyList<int> labels, IReadOnlyList<int> clusters)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clusters);
        if (labels.Count != clusters.Count)
            throw new ArgumentException("labels and clusters differ in length", nameof(clusters));
        if (labels.Count == 0)
            return 1;
        var majority = labels
            .Select((label, i) => (Cluster: clusters[i], Label: label))
            .GroupBy(p => p.Cluster)
            .Sum(g => g.GroupBy(p => p.Label).Max(l => l.Count()));
        return (double)majority / labels.Count;
    }

    /// <summary>
    /// Pairwise cosine similarities of the rows (m × m, row-major). Each row is scattered once into a dense vector
    /// and dotted with the later rows: O(m² · average row length), meant for a sample of at most a few thousand.
    /// </summary>
    internal static float[] SimilarityMatrix(SparseRows x)
    {
        var m = x.RowCount;
        var s = new float[m * m];
        var dense = new float[x.ColumnCount];
        for (var i = 0; i < m; i++)
        {
            if (x.IsDense)
            {
                s[(i * m) + i] = 1f;
                for (var j = i + 1; j < m; j++)
                    s[(i * m) + j] = s[(j * m) + i] = SparseRows.DenseDot(x.Row(i), x.Row(j));
                continue;
            }
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                dense[x.Indices[p]] = x.Values[p];
            s[(i * m) + i] = 1f;
            for (var j = i + 1; j < m; j++)
            {
                var dot = 0f;
                for (var p = x.RowStart[j]; p < x.RowStart[j + 1]; p++)
                    dot += x.Values[p] * dense[x.Indices[p]];
                s[(i * m) + j] = dot;
                s[(j * m) + i] = dot;
            }
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                dense[x.Indices[p]] = 0;
        }
        return s;
    }

    /// <summary>
    /// Mean silhouette (Rousseeuw 1987) with cosine distance 1 − s over a precomputed similarity matrix.
    /// Members of singleton clusters score 0, as in scikit-learn.
    /// </summary>
    internal static double Silhouette(float[] similarity, IReadOnlyList<int> labels, int k)
    {
        var m = labels.Count;
        if (k < 2 || m < 3)
            return 0;
        var sizes = new int[k];
        foreach (var l in labels)
            sizes[l]++;
        var sums = new double[k];
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            Array.Clear(sums);
            var row = similarity.AsSpan(i * m, m);
            for (var j = 0; j < m; j++)
                sums[labels[j]] += 1.0 - row[j];
            var own = labels[i];
            if (sizes[own] <= 1)
                continue;
            var a = (sums[own] - (1.0 - row[i])) / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                    b = Math.Min(b, sums[c] / sizes[c]);
            }
            if (double.IsPositiveInfinity(b))
                continue;
            var denominator = Math.Max(a, b);
            total += denominator > 0 ? (b - a) / denominator : 0;
        }
        return total / m;
    }

    /// <summary>
    /// Symmetric k-nearest-neighbour graph over a precomputed similarity matrix, as adjacency lists: j is listed
    /// under i once for each of "j is among i's nearest" and "i is among j's nearest", so mutual neighbours weigh 2.
    /// </summary>
    internal static int[][] NeighbourGraph(float[] similarity, int m, int neighbours)
    {
        var lists = Enumerable.Range(0, m).Select(_ => new List<int>(2 * neighbours)).ToArray();
        var order = new int[m];
        var keys = new float[m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                order[j] = j;
                keys[j] = j == i ? float.PositiveInfinity : -similarity[(i * m) + j];
            }
            // Array.Sort is deterministic for a given input: ties between duplicate texts resolve alike every run.
            Array.Sort(keys, order);
            for (var t = 0; t < Math.Min(neighbours, m - 1); t++)
            {
                lists[i].Add(order[t]);
                lists[order[t]].Add(i);
            }
        }
        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>
    /// Newman–Girvan modularity of a partition of a graph: the share of edges inside clusters minus the share
    /// expected if edges were placed at random with the same degrees. Unlike the silhouette it does not keep rising
    /// as near-duplicate texts are split off, because a small cluster can hold only few edges.
    /// </summary>
    internal static double Modularity(int[][] graph, IReadOnlyList<int> labels, int k)
    {
        var inside = new double[k];
        var degree = new double[k];
        var edges = 0.0;
        for (var i = 0; i < graph.Length; i++)
        {
            degree[labels[i]] += graph[i].Length;
            edges += graph[i].Length;
            foreach (var j in graph[i])
            {
                if (labels[j] == labels[i])
                    inside[labels[i]]++;
            }
        }
        if (edges == 0)
            return 0;
        var q = 0.0;
        for (var c = 0; c < k; c++)
            q += (inside[c] / edges) - Math.Pow(degree[c] / edges, 2);
        return q;
    }

    private static double Entropy(IEnumerable<int> counts, double n) =>
        -counts.Sum(c => c / n * Math.Log(c / n));
}
