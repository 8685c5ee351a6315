using Incident.Api.Features.Incidents;
using Incident.Api.Features.Users;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.People;

public sealed record AssignTaskBody(string? Username);

/// <summary>POST /api/incidents/{id}/tasks/{taskId}/assignees: names a person for an open task.</summary>
public sealed record AssignTask(Guid IncidentId, Guid TaskId, string? Username, Viewer Viewer) : ICommand<IncidentTaskView>;

internal sealed class AssignTaskValidator : IValidator<AssignTask>
{
    public ValueTask ValidateAsync(AssignTask request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Username?.Trim(), "username", 1, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class AssignTaskHandler(
    IncidentStore incidents, UserStore users, IncidentWorkflows workflows, TaskAssigneeStore assignees, TimeProvider clock)
    : IRequestHandler<AssignTask, IncidentTaskView>
{
    public async Task<IncidentTaskView> Handle(AssignTask request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents && request.Viewer.Username != incident.Lead)
        {
            throw new ForbiddenException("Only operators, leaders, admins and the incident's lead assign tasks.");
        }

        var task = (await workflows.OpenTasksAsync(incident.Id, ct)).FirstOrDefault(t => t.Id == request.TaskId)
            ?? throw new NotFoundException("task", request.TaskId);
        var user = await IncidentPeople.ResolveAsync(users, request.Username!, "username", ct);
        IncidentPeople.EnsureMaySee(user, incident, "username");
        if (!WorkflowActions.MayTake(user, task))
        {
            throw ValidationFailedException.For("username", $"'{user.Username}' may not take this task (its roles or departments exclude them).");
        }

        var now = clock.GetUtcNow();
        if (await assignees.AssignAsync(incident.Id, task.Id, user.Username, request.Viewer.Username, now, ct))
        {
            var action = WorkflowActions.Available(task);
            incident.Record("task.assigned", request.Viewer.Username, now, new Dictionary<string, object?>
            {
                ["taskId"] = task.Id,
                ["action"] = action.Action,
                ["label"] = action.Label,
                ["assignee"] = user.Username,
            });
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }

        return IncidentTaskView.From(task, (await assignees.OfIncidentAsync(incident.Id, ct))[task.Id]);
    }
}
