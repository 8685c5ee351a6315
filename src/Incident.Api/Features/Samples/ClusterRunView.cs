namespace Incident.Api.Features.Samples;

/// <summary>One clustering run of an incident's samples, as the API returns it.</summary>
public sealed record ClusterRunView(
    Guid Id,
    Guid IncidentId,
    int K,
    bool KChosenAutomatically,
    double Silhouette,
    int SampleCount,
    IReadOnlyList<ClusterView> Clusters,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>
/// One cluster. <see cref="Representatives"/> are sample externalIds; <see cref="RepresentativeSamples"/> the same
/// samples with their text and url, filled when a run is returned (null in what is stored).
/// </summary>
public sealed record ClusterView(
    int Id,
    int Size,
    IReadOnlyList<string> Terms,
    string Summary,
    IReadOnlyList<string> Representatives,
    IReadOnlyList<string> Members,
    IReadOnlyList<RepresentativeSample>? RepresentativeSamples = null);
