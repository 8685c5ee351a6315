using Incident.Api.Features.Handoffs;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Definitions;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>GET /api/workflows: every definition with its latest and published versions.</summary>
public sealed record WorkflowList(Viewer Viewer) : IQuery<ItemsOf<WorkflowListItem>>;

public sealed record WorkflowListItem(string Id, string DefinitionId, string Name, int LatestVersion, int? PublishedVersion, DateTimeOffset? PublishedAt);

internal sealed class WorkflowListHandler(IncidentWorkflows workflows, WorkflowDefinitionStore definitions)
    : IRequestHandler<WorkflowList, ItemsOf<WorkflowListItem>>
{
    public async Task<ItemsOf<WorkflowListItem>> Handle(WorkflowList request, CancellationToken ct)
    {
        var list = await definitions.ListAsync(await workflows.SessionAsync(ct), ct);
        return new ItemsOf<WorkflowListItem>([.. list
            .OrderBy(d => d.DefinitionId, StringComparer.Ordinal)
            .Select(d => new WorkflowListItem(d.DefinitionId, d.DefinitionId, d.Name, d.LatestVersion, d.PublishedVersion, d.PublishedAt))]);
    }
}
