using System.Text.Json.Nodes;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reference;
using Incident.Workflows;
using Incident.Workflows.Runtime;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// The engine's effects on one loaded incident, inside the caller's transaction. Effects change
/// the aggregates in memory (every change records its timeline event); <see cref="IncidentWorkflows"/>
/// writes the incident and the handoffs after the run, so a new incident can start its workflow
/// before its row exists.
/// </summary>
public sealed class IncidentWorkflowHost(
    RiskIncident incident, string actor, HandoffStore handoffs, ReferenceData reference, TimeProvider clock) : IWorkflowHost
{
    private readonly List<Handoff> requested = [];
    private readonly Dictionary<Guid, Handoff> loaded = [];
    private readonly HashSet<Handoff> changed = [];

    public RiskIncident Incident => incident;

    public IReadOnlyList<Handoff> RequestedHandoffs => requested;

    public IReadOnlyCollection<Handoff> ChangedHandoffs => changed;

    public ValueTask<JsonObject> GetContextAsync(WorkflowRunContext run, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new JsonObject
        {
            ["id"] = incident.Id.ToString(),
            ["key"] = incident.Key,
            ["title"] = incident.Title,
            ["severity"] = incident.Severity,
            ["category"] = incident.Category,
            ["businessLine"] = incident.BusinessLine,
            ["status"] = incident.Status,
            ["stage"] = incident.Stage,
            ["ownerDepartment"] = incident.OwnerDepartment,
            ["escalationLevel"] = incident.EscalationLevel,
            ["categoryPartnerDepartment"] = reference.View.Categories.FirstOrDefault(c => c.Code == incident.Category)?.PartnerDepartment,
        });

    public ValueTask SetStageAsync(WorkflowRunContext run, string stage, CancellationToken cancellationToken)
    {
        EnsureOpen(run);
        incident.MoveToStage(stage, actor, clock.GetUtcNow());
        return ValueTask.CompletedTask;
    }

    public ValueTask<string> RequestHandoffAsync(WorkflowRunContext run, HandoffRequest request, CancellationToken cancellationToken)
    {
        EnsureOpen(run);
        if (!reference.DepartmentCodes.Contains(request.ToDepartment))
        {
            // A definition's expression named a department that does not exist: the instance faults
            // (recorded, retryable by an admin) rather than the request failing.
            throw new WorkflowFaultException($"'{run.ActivityId}' asks unknown department '{request.ToDepartment}' for a handoff.");
        }

        var handoff = Handoff.RequestByWorkflow(
            incident, run.InstanceId, request.ToDepartment, request.Note ?? "", request.DueAt, actor, clock.GetUtcNow());
        requested.Add(handoff);
        return ValueTask.FromResult(handoff.Id.ToString());
    }

    public async ValueTask ExpireHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken)
    {
        var handoff = await FindAsync(handoffId, cancellationToken);
        if (handoff is { IsPending: true })
        {
            handoff.Expire(incident, actor, clock.GetUtcNow());
            Changed(handoff);
        }
    }

    public async ValueTask WithdrawHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken)
    {
        var handoff = await FindAsync(handoffId, cancellationToken);
        if (handoff is { IsPending: true })
        {
            handoff.Withdraw(incident, actor, clock.GetUtcNow());
            Changed(handoff);
        }
    }

    public ValueTask EscalateAsync(WorkflowRunContext run, int? level, string? reason, CancellationToken cancellationToken)
    {
        EnsureOpen(run);
        var levels = level is { } target ? target - incident.EscalationLevel : 1;
        incident.Escalate(levels, reason ?? $"Escalated by workflow activity '{run.ActivityId}'", actor, clock.GetUtcNow());
        return ValueTask.CompletedTask;
    }

    public ValueTask NotifyAsync(WorkflowRunContext run, IReadOnlyList<string> departments, string message, CancellationToken cancellationToken)
    {
        incident.Record("notification.sent", actor, clock.GetUtcNow(), new Dictionary<string, object?>
        {
            ["departments"] = departments,
            ["message"] = message,
            ["activityId"] = run.ActivityId,
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask FinishAsync(WorkflowRunContext run, string? resolution, CancellationToken cancellationToken)
    {
        if (incident.Status != IncidentStatuses.Closed)
        {
            incident.Close(resolution, actor, clock.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask TaskOpenedAsync(WorkflowRunContext run, HumanTaskInfo task, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // API.md "Involved departments": every department with a task on it.
        foreach (var department in task.AllowedDepartments.Where(reference.DepartmentCodes.Contains))
        {
            incident.Involve(department, InvolvementReasons.Task, now);
        }

        incident.Record("task.created", actor, now, new Dictionary<string, object?>
        {
            ["taskId"] = task.BookmarkId,
            ["action"] = task.Action,
            ["label"] = task.Label,
            ["allowedRoles"] = task.AllowedRoles,
            ["allowedDepartments"] = task.AllowedDepartments,
            ["outcomes"] = task.Outcomes,
            ["dueAt"] = task.DueAt,
            ["activityId"] = run.ActivityId,
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask TaskClosedAsync(WorkflowRunContext run, HumanTaskInfo task, string outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        incident.Record("task.completed", actor, now, new Dictionary<string, object?>
        {
            ["taskId"] = task.BookmarkId,
            ["action"] = task.Action,
            ["label"] = task.Label,
            ["outcome"] = outcome,
            ["activityId"] = run.ActivityId,
        });
        // A task past its dueIn is an SLA breach like an expired handoff: the board counts both alike.
        if (outcome == "Overdue")
        {
            incident.Record("sla.breached", actor, now, new Dictionary<string, object?>
            {
                ["kind"] = "task",
                ["action"] = task.Action,
                ["label"] = task.Label,
                ["dueAt"] = task.DueAt,
            });
        }

        return ValueTask.CompletedTask;
    }

    private async Task<Handoff?> FindAsync(string handoffId, CancellationToken ct)
    {
        if (!Guid.TryParse(handoffId, out var id))
        {
            return null;
        }

        if (requested.Find(h => h.Id == id) is { } fresh)
        {
            return fresh;
        }

        if (!loaded.TryGetValue(id, out var handoff))
        {
            handoff = await handoffs.LoadAsync(id, ct);
            loaded[id] = handoff;
        }

        return handoff;
    }

    // A handoff requested in this run is inserted with its final state; only stored ones are updated.
    private void Changed(Handoff handoff)
    {
        if (!requested.Contains(handoff))
        {
            changed.Add(handoff);
        }
    }

    private void EnsureOpen(WorkflowRunContext run)
    {
        if (incident.Status == IncidentStatuses.Closed)
        {
            throw new WorkflowFaultException($"Incident {incident.Key} is closed; '{run.ActivityId}' cannot change it.");
        }
    }
}
