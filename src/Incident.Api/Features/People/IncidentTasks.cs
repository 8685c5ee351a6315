using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.People;

/// <summary>An open workflow task of an incident with the people assigned to it.</summary>
public sealed record IncidentTaskView(
    Guid TaskId,
    string Action,
    string Label,
    IReadOnlyList<string> AllowedRoles,
    IReadOnlyList<string> AllowedDepartments,
    DateTimeOffset? DueAt,
    DateTimeOffset OpenedAt,
    IReadOnlyList<string> Assignees)
{
    public static IncidentTaskView From(WorkflowBookmark task, IEnumerable<string> assignees)
    {
        var action = WorkflowActions.Available(task);
        return new IncidentTaskView(
            task.Id, action.Action, action.Label, action.AllowedRoles, action.AllowedDepartments, action.DueAt, task.CreatedAt, [.. assignees]);
    }
}

/// <summary>GET /api/incidents/{id}/tasks: every open task, whoever may take it, with its assignees.</summary>
public sealed record IncidentTasks(Guid IncidentId, Viewer Viewer) : IQuery<ItemsOf<IncidentTaskView>>;

internal sealed class IncidentTasksHandler(IncidentVisibility visibility, IncidentWorkflows workflows, TaskAssigneeStore assignees)
    : IRequestHandler<IncidentTasks, ItemsOf<IncidentTaskView>>
{
    public async Task<ItemsOf<IncidentTaskView>> Handle(IncidentTasks request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var tasks = await workflows.OpenTasksAsync(request.IncidentId, ct);
        var assigned = await assignees.OfIncidentAsync(request.IncidentId, ct);
        return new ItemsOf<IncidentTaskView>([.. tasks.Select(t => IncidentTaskView.From(t, assigned[t.Id]))]);
    }
}
