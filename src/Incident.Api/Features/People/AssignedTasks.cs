using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.People;

/// <summary>One open task assigned to someone, with enough of its incident to act on it.</summary>
public sealed record AssignedTaskView(
    Guid IncidentId,
    string IncidentKey,
    string IncidentTitle,
    string Severity,
    string Stage,
    string Lead,
    Guid TaskId,
    string Action,
    string Label,
    DateTimeOffset? DueAt,
    string Assignee,
    string AssignedBy,
    DateTimeOffset AssignedAt);

/// <summary>GET /api/tasks?assignee=me: open tasks of open incidents assigned to the user ("me" by default).</summary>
public sealed record AssignedTasks(string? Assignee, Viewer Viewer) : IQuery<ItemsOf<AssignedTaskView>>;

internal sealed class AssignedTasksValidator : IValidator<AssignedTasks>
{
    public ValueTask ValidateAsync(AssignedTasks request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Assignee, "assignee", 0, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class AssignedTasksHandler(DbSession session) : IRequestHandler<AssignedTasks, ItemsOf<AssignedTaskView>>
{
    public async Task<ItemsOf<AssignedTaskView>> Handle(AssignedTasks request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        // The task is open while its bookmark exists: taking the action burns (deletes) it.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            select i.id as IncidentId, i.incident_key as IncidentKey, i.title as IncidentTitle, i.severity as Severity,
                i.stage as Stage, i.lead_username as Lead, a.task_id as TaskId, b.name as Action, b.metadata as Metadata,
                a.username as Assignee, a.assigned_by as AssignedBy, a.assigned_at as AssignedAt
            from task_assignees a
            join incidents i on i.id = a.incident_id
            join workflow_bookmarks b on b.id = a.task_id
            where a.username = @assignee
                and i.status = 'open'
                {IncidentVisibility.Filter(request.Viewer)}
            order by a.assigned_at desc, a.task_id
            """,
            new
            {
                assignee = IncidentPeople.Me(request.Assignee, request.Viewer) ?? request.Viewer.Username,
                viewerDepartment = request.Viewer.Department,
            },
            cancellationToken: ct));
        return new ItemsOf<AssignedTaskView>([.. rows.Select(r => r.ToView())]);
    }

    private sealed class Row
    {
        public Guid IncidentId { get; init; }

        public string IncidentKey { get; init; } = "";

        public string IncidentTitle { get; init; } = "";

        public string Severity { get; init; } = "";

        public string Stage { get; init; } = "";

        public string Lead { get; init; } = "";

        public Guid TaskId { get; init; }

        public string Action { get; init; } = "";

        public string? Metadata { get; init; }

        public string Assignee { get; init; } = "";

        public string AssignedBy { get; init; } = "";

        public DateTimeOffset AssignedAt { get; init; }

        public AssignedTaskView ToView()
        {
            var metadata = Metadata is null ? null : JsonNode.Parse(Metadata);
            var label = metadata?["label"] is JsonValue l && l.TryGetValue<string>(out var text) ? text : Action;
            var dueAt = metadata?["dueAt"] is JsonValue d && d.TryGetValue<DateTimeOffset>(out var due) ? due : (DateTimeOffset?)null;
            return new AssignedTaskView(
                IncidentId, IncidentKey, IncidentTitle, Severity, Stage, Lead, TaskId, Action, label, dueAt, Assignee, AssignedBy, AssignedAt);
        }
    }
}
