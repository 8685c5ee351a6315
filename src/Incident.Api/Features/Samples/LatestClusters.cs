using System.Text.Json;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Samples;

public sealed record LatestClusters(Guid IncidentId, Viewer Viewer) : IQuery<ClusterRunView>;

internal sealed class ClusterRunRow
{
    public Guid Id { get; init; }

    public Guid IncidentId { get; init; }

    public int K { get; init; }

    public bool KChosenAutomatically { get; init; }

    public double Silhouette { get; init; }

    public int SampleCount { get; init; }

    public string Clusters { get; init; } = "[]";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class LatestClustersHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<LatestClusters, ClusterRunView>
{
    public async Task<ClusterRunView> Handle(LatestClusters request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ClusterRunRow>(new CommandDefinition(
            """
            select id as Id, incident_id as IncidentId, k as K, k_chosen_automatically as KChosenAutomatically,
                silhouette as Silhouette, sample_count as SampleCount, clusters as Clusters,
                created_by as CreatedBy, created_at as CreatedAt
            from sample_cluster_runs
            where incident_id = @incidentId
            order by created_at desc, id desc
            """,
            new { incidentId = request.IncidentId }, cancellationToken: ct))
            ?? throw new NotFoundException("clustering run of incident", request.IncidentId);
        var clusters = await RepresentativeSamples.AttachAsync(
            session, request.IncidentId, JsonSerializer.Deserialize<ClusterView[]>(row.Clusters, ApiJson.Options) ?? [], ct);
        return new ClusterRunView(
            row.Id, row.IncidentId, row.K, row.KChosenAutomatically, row.Silhouette, row.SampleCount,
            clusters, row.CreatedBy, row.CreatedAt);
    }
}
