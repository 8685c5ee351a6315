using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Samples.Clustering;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Samples;

/// <summary>
/// Clusters an incident's samples. A query on purpose: clustering 20k texts takes seconds and must
/// not hold the write transaction; <see cref="RecordClusterRun"/> stores the result afterwards.
/// </summary>
public sealed record ComputeClusters(Guid IncidentId, int? Clusters, Viewer Viewer) : IQuery<ClusterRunView>;

internal sealed class ComputeClustersValidator : IValidator<ComputeClusters>
{
    public ValueTask ValidateAsync(ComputeClusters request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.Clusters is null or >= 1 and <= 100, "clusters", "'clusters' must be between 1 and 100, or absent to choose automatically.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class ComputeClustersHandler(DbSession session, IncidentVisibility visibility, TimeProvider clock)
    : IRequestHandler<ComputeClusters, ClusterRunView>
{
    public async Task<ClusterRunView> Handle(ComputeClusters request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins run clustering.");
        }

        var connection = await session.ConnectionAsync(ct);
        var samples = (await connection.QueryAsync<(string ExternalId, string Text)>(new CommandDefinition(
            """
            select external_id, text
            from incident_samples
            where incident_id = @incidentId
            order by added_at, external_id
            """,
            new { incidentId = request.IncidentId }, cancellationToken: ct))).ToList();
        if (samples.Count == 0)
        {
            throw new UnprocessableException("This incident has no samples yet: attach samples first (POST /api/incidents/{id}/samples).", "no-samples");
        }

        if (request.Clusters > samples.Count)
        {
            throw ValidationFailedException.For("clusters", $"'clusters' cannot exceed the number of samples ({samples.Count}).");
        }

        var result = new TextClusterer().Cluster([.. samples.Select(s => new TextSample(s.ExternalId, s.Text))], request.Clusters);
        var clusters = await RepresentativeSamples.AttachAsync(
            session,
            request.IncidentId,
            [.. result.Clusters.Select(c => new ClusterView(c.Id, c.Size, c.Terms, c.Summary, c.Representatives, c.Members))],
            ct);
        return new ClusterRunView(
            Guid.CreateVersion7(clock.GetUtcNow()),
            request.IncidentId,
            result.K,
            result.KChosenAutomatically,
            result.Silhouette,
            samples.Count,
            clusters,
            request.Viewer.Username,
            clock.GetUtcNow());
    }
}
