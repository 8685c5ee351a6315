using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.People;

/// <summary>DELETE /api/incidents/{id}/tasks/{taskId}/assignees/{username}; assignees may step back themselves.</summary>
public sealed record UnassignTask(Guid IncidentId, Guid TaskId, string Username, Viewer Viewer) : ICommand<IncidentTaskView>;

internal sealed class UnassignTaskHandler(IncidentStore incidents, IncidentWorkflows workflows, TaskAssigneeStore assignees, TimeProvider clock)
    : IRequestHandler<UnassignTask, IncidentTaskView>
{
    public async Task<IncidentTaskView> Handle(UnassignTask request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        var viewer = request.Viewer;
        if (!viewer.MayWorkIncidents && viewer.Username != incident.Lead && viewer.Username != request.Username)
        {
            throw new ForbiddenException("Only operators, leaders, admins, the incident's lead and the assignee unassign a task.");
        }

        var task = (await workflows.OpenTasksAsync(incident.Id, ct)).FirstOrDefault(t => t.Id == request.TaskId)
            ?? throw new NotFoundException("task", request.TaskId);
        if (await assignees.UnassignAsync(task.Id, request.Username, ct))
        {
            var now = clock.GetUtcNow();
            var action = WorkflowActions.Available(task);
            incident.Record("task.unassigned", viewer.Username, now, new Dictionary<string, object?>
            {
                ["taskId"] = task.Id,
                ["action"] = action.Action,
                ["label"] = action.Label,
                ["assignee"] = request.Username,
            });
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }

        return IncidentTaskView.From(task, (await assignees.OfIncidentAsync(incident.Id, ct))[task.Id]);
    }
}
