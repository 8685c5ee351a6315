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

public sealed record ClusterView(
    int Id,
    int Size,
    IReadOnlyList<string> Terms,
    string Summary,
    IReadOnlyList<string> Representatives,
    IReadOnlyList<string> Members);
