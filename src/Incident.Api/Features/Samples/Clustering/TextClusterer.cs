namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Production short-text clustering for incident samples (Chinese and English): TF-IDF over character n-grams and
/// words (<see cref="TextCorpus"/>), each text represented by its LSA projection beside its co-occurrence vector
/// (<see cref="CooccurrenceEmbedding"/>, ADR-0013), spherical k-means++ with seeded restarts
/// (<see cref="SphericalKMeans"/>), k chosen by modularity on a fixed random sample when not given, then terms,
/// representatives and a summary per cluster. Deterministic for a given input and seed; single-threaded.
/// </summary>
internal sealed class TextClusterer(TextClustererOptions? options = null)
{
    private const int NeighbourCount = 15;

    private readonly TextClustererOptions _options = options ?? new TextClustererOptions();

    /// <summary>Clusters <paramref name="samples"/> into <paramref name="k"/> clusters, or an automatic k.</summary>
    public ClusteringResult Cluster(IReadOnlyList<TextSample> samples, int? k = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k ?? 1, 1, nameof(k));
        var n = samples.Count;
        if (n == 0)
            return new ClusteringResult([], [], 0, k is null, 0);

        var corpus = TextCorpus.Build(samples.Select(s => s.Text).ToArray());
        var rows = Enumerable.Range(0, n).Where(i => !corpus.Vectors.IsEmpty(i)).ToArray();
        var tfidf = corpus.Vectors.Subset(rows, out var columns);
        var distinct = DistinctRows(tfidf);
        var x = Represent(tfidf, [.. columns.Select(c => corpus.FeatureIsFragment[c])]);

        // The sample is drawn once, so choosing k and reporting the final silhouette see the same texts.
        var sample = SampleRows(x.RowCount, _options.SilhouetteSampleSize, _options.Seed);
        var sampleMatrix = x.Subset(sample);
        var similarity = sample.Length >= 3 ? ClusterQuality.SimilarityMatrix(sampleMatrix) : [];

        int clusters;
        if (k is { } given)
        {
            clusters = Math.Max(1, Math.Min(given, distinct));
        }
        else
        {
            var maxK = Math.Min(Math.Min(_options.MaxClusters, rows.Length / 3), Math.Min(distinct, sample.Length - 1));
            clusters = maxK < 2 ? 1 : ChooseK(sampleMatrix, similarity, maxK);
        }

        var labels = new int[n];
        var centroidSimilarity = new float[n];
        Array.Fill(centroidSimilarity, -1f);
        var silhouette = 0.0;
        if (rows.Length > 0)
        {
            var fit = SphericalKMeans.Run(x, clusters, _options.Seed, _options.Restarts, _options.MaxIterations);
            for (var r = 0; r < rows.Length; r++)
            {
                labels[rows[r]] = fit.Labels[r];
                centroidSimilarity[rows[r]] = fit.Similarity[r];
            }
            if (similarity.Length > 0)
                silhouette = ClusterQuality.Silhouette(similarity, sample.Select(r => fit.Labels[r]).ToArray(), clusters);
        }

        // Texts with no usable feature (empty, punctuation only, all one-off tokens) still need a cluster: the
        // largest one, where they mislead least; they are never chosen as representatives.
        var sizes = new int[clusters];
        foreach (var r in rows)
            sizes[labels[r]]++;
        var largest = Array.IndexOf(sizes, sizes.Max());
        for (var i = 0; i < n; i++)
        {
            if (corpus.Vectors.IsEmpty(i))
                labels[i] = largest;
        }
        return Describe(samples, corpus, labels, centroidSimilarity, clusters, k is null, silhouette);
    }

    /// <summary>
    /// Dense rows [√(1−w)·LSA, √w·co-occurrence vector] with w = <see cref="TextClustererOptions.CooccurrenceWeight"/>;
    /// too few texts or features for 8 dimensions leave the TF-IDF rows as they are.
    /// </summary>
    private SparseRows Represent(SparseRows tfidf, bool[] isFragment)
    {
        var dims = Math.Min(_options.LsaDimensions, Math.Min(tfidf.RowCount, tfidf.ColumnCount) / 4);
        if (dims < 8)
            return tfidf;
        var lsa = Lsa.Project(tfidf, dims, _options.Seed);
        if (_options.CooccurrenceWeight <= 0)
            return lsa;
        var cooccurrence = CooccurrenceEmbedding.TextVectors(tfidf, isFragment, dims, _options.Seed);
        return SparseRows.Concatenate(lsa, cooccurrence, 1 - _options.CooccurrenceWeight);
    }

    private ClusteringResult Describe(
        IReadOnlyList<TextSample> samples, TextCorpus corpus, int[] labels, float[] centroidSimilarity,
        int clusters, bool automatic, double silhouette)
    {
        var members = Enumerable.Range(0, clusters).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Length; i++)
            members[labels[i]].Add(i);
        var order = Enumerable.Range(0, clusters)
            .Where(c => members[c].Count > 0)
            .OrderByDescending(c => members[c].Count)
            .ThenBy(c => members[c][0])
            .ToArray();

        var termTotals = new double[corpus.Terms.Count];
        var t = corpus.TermVectors;
        for (var p = 0; p < t.Values.Length; p++)
            termTotals[t.Indices[p]] += t.Values[p];

        var result = new List<TextCluster>(order.Length);
        var assignments = new int[labels.Length];
        foreach (var c in order)
        {
            var id = result.Count + 1;
            foreach (var i in members[c])
                assignments[i] = id;
            var terms = ClusterDescriber.Terms(corpus, members[c], termTotals, _options.MaxTerms);
            var representatives = ClusterDescriber.Representatives(
                members[c].Where(i => centroidSimilarity[i] >= 0).ToList(), centroidSimilarity, samples,
                _options.MaxRepresentatives);
            var example = representatives.Count > 0 ? samples[representatives[0]].Text : samples[members[c][0]].Text;
            result.Add(new TextCluster(
                id,
                members[c].Count,
                terms,
                ClusterDescriber.Summary(members[c].Count, terms, example),
                representatives.Select(i => samples[i].Id).ToList(),
                members[c].Select(i => samples[i].Id).ToList()));
        }
        return new ClusteringResult(result, assignments, result.Count, automatic, silhouette);
    }

    /// <summary>
    /// k for spherical k-means on the sample, over 2..10 then every second k up to maxK: the smallest k whose
    /// partition's modularity on the sample's 15-nearest-neighbour graph comes within
    /// <see cref="TextClustererOptions.ModularityTolerance"/> of the best k's. ADR-0013: the cosine silhouette kept
    /// rising with k on short texts (near-duplicates split off for free) and under-split 20 topics into 12–14 while
    /// over-splitting 3 topics; modularity flattens once the topics are found, and the tolerance, like the
    /// one-standard-error rule, prefers the coarser of nearly equal partitions.
    /// </summary>
    private int ChooseK(SparseRows sample, float[] similarity, int maxK)
    {
        var graph = ClusterQuality.NeighbourGraph(similarity, sample.RowCount, NeighbourCount);
        var grid = Enumerable.Range(2, maxK - 1).Where(kk => kk <= 10 || kk % 2 == 0 || kk == maxK).ToArray();
        var modularity = new double[grid.Length];
        for (var g = 0; g < grid.Length; g++)
        {
            var fit = SphericalKMeans.Run(sample, grid[g], _options.Seed, restarts: 1, maxIterations: 20);
            modularity[g] = ClusterQuality.Modularity(graph, fit.Labels, grid[g]);
        }
        var best = modularity.Max();
        return grid[Array.FindIndex(modularity, q => q >= best - _options.ModularityTolerance)];
    }

    private static int[] SampleRows(int count, int size, int seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (count <= size)
            return all;
        new Random(seed).Shuffle(all);
        var sample = all[..size];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Number of distinct feature vectors: k-means cannot usefully make more clusters than that.</summary>
    private static int DistinctRows(SparseRows x)
    {
        var seen = new HashSet<(int, int, float)>();
        for (var r = 0; r < x.RowCount; r++)
        {
            var hash = new HashCode();
            for (var p = x.RowStart[r]; p < x.RowStart[r + 1]; p++)
                hash.Add(x.Indices[p]);
            var start = x.RowStart[r];
            seen.Add((hash.ToHashCode(), x.RowStart[r + 1] - start, x.Values[start]));
        }
        return seen.Count;
    }
}
