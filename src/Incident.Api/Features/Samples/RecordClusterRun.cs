using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Samples;

/// <summary>Stores a computed clustering run and puts it on the incident's timeline.</summary>
public sealed record RecordClusterRun(ClusterRunView Run, Viewer Viewer) : ICommand<ClusterRunView>;

internal sealed class RecordClusterRunHandler(IncidentStore incidents, SampleStore samples, TimeProvider clock)
    : IRequestHandler<RecordClusterRun, ClusterRunView>
{
    public async Task<ClusterRunView> Handle(RecordClusterRun request, CancellationToken ct)
    {
        var run = request.Run;
        var incident = await incidents.LoadAsync(run.IncidentId, request.Viewer, ct);
        await samples.InsertRunAsync(run, ct);
        incident.Record("clusters.computed", request.Viewer.Username, clock.GetUtcNow(), new Dictionary<string, object?>
        {
            ["runId"] = run.Id,
            ["k"] = run.K,
            ["sampleCount"] = run.SampleCount,
            ["clusters"] = run.Clusters.Select(c => new { c.Id, c.Size, c.Summary }).ToArray(),
        });
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return run;
    }
}
