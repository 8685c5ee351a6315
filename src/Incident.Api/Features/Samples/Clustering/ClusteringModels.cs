namespace Incident.Api.Features.Samples.Clustering;

/// <summary>One short text to cluster; <paramref name="Id"/> is the caller's id (the sample's externalId).</summary>
internal sealed record TextSample(string Id, string Text);

/// <summary>
/// One cluster: <see cref="Terms"/> are the most characteristic readable terms, <see cref="Summary"/> a one-line
/// description built from them, <see cref="Representatives"/> the member ids closest to the centroid.
/// </summary>
internal sealed record TextCluster(
    int Id,
    int Size,
    IReadOnlyList<string> Terms,
    string Summary,
    IReadOnlyList<string> Representatives,
    IReadOnlyList<string> Members);

/// <summary>
/// Result of one clustering run. <see cref="Assignments"/> holds the 1-based cluster id of each input sample, in
/// input order. <see cref="Silhouette"/> is the mean cosine silhouette on a sample of at most 2,000 texts
/// (0 when there is a single cluster).
/// </summary>
internal sealed record ClusteringResult(
    IReadOnlyList<TextCluster> Clusters,
    IReadOnlyList<int> Assignments,
    int K,
    bool KChosenAutomatically,
    double Silhouette);

/// <summary>Tuning knobs; the defaults are what the service uses.</summary>
internal sealed record TextClustererOptions
{
    public int Seed { get; init; } = 20_240_611;
    public int Restarts { get; init; } = 4;
    public int MaxIterations { get; init; } = 40;
    public int MaxClusters { get; init; } = 30;

    /// <summary>Dimensions of the LSA projection clustered on; 0 clusters raw TF-IDF.</summary>
    public int LsaDimensions { get; init; } = 100;

    /// <summary>Weight of the co-occurrence (PPMI) text vectors against the LSA ones in the cosine; 0 = LSA only.</summary>
    public float CooccurrenceWeight { get; init; } = 0.7f;
    public int SilhouetteSampleSize { get; init; } = 2_000;

    /// <summary>Automatic k: the smallest k whose modularity is within this of the best k's.</summary>
    public double ModularityTolerance { get; init; } = 0.04;
    public int MaxTerms { get; init; } = 8;
    public int MaxRepresentatives { get; init; } = 3;
}
