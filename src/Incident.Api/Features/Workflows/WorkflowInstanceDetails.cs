using System.Text.Json.Nodes;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>GET /api/workflow-instances/{instanceId}: visible exactly when its incident is (API.md "Visibility").</summary>
public sealed record WorkflowInstanceDetails(Guid InstanceId, Viewer Viewer) : IQuery<WorkflowInstanceView>;

public sealed record WorkflowInstanceView(
    Guid Id,
    Guid InstanceId,
    string DefinitionId,
    int DefinitionVersion,
    Guid IncidentId,
    string Status,
    JsonObject Variables,
    IReadOnlyList<string> CurrentActivities,
    IReadOnlyList<WorkflowBookmarkView> Bookmarks,
    IReadOnlyList<WorkflowJournalView> Journal,
    IReadOnlyList<WorkflowFaultView> Faults,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

public sealed record WorkflowBookmarkView(Guid Id, string Name, string ActivityId, string? Kind, JsonNode? Payload, DateTimeOffset? DueAt, JsonObject? Metadata, DateTimeOffset CreatedAt);

public sealed record WorkflowJournalView(int Seq, string ActivityId, string Type, string? Outcome, DateTimeOffset At);

public sealed record WorkflowFaultView(Guid Id, string ActivityId, string Message, DateTimeOffset OccurredAt, DateTimeOffset? ResolvedAt);

internal sealed class WorkflowInstanceDetailsHandler(IncidentWorkflows workflows, WorkflowEngine engine, IncidentVisibility visibility)
    : IRequestHandler<WorkflowInstanceDetails, WorkflowInstanceView>
{
    public async Task<WorkflowInstanceView> Handle(WorkflowInstanceDetails request, CancellationToken ct)
    {
        var session = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceAsync(session, request.InstanceId, ct);
        if (instance is null || !Guid.TryParse(instance.CorrelationId, out var incidentId))
        {
            throw new NotFoundException("workflow instance", request.InstanceId);
        }

        try
        {
            await visibility.EnsureVisibleAsync(incidentId, request.Viewer, ct);
        }
        catch (NotFoundException)
        {
            // Its incident is invisible to the caller, so the instance does not exist for it either.
            throw new NotFoundException("workflow instance", request.InstanceId);
        }

        return await ViewAsync(engine, session, instance, ct);
    }

    public static async Task<WorkflowInstanceView> ViewAsync(WorkflowEngine engine, WorkflowSession session, WorkflowInstanceInfo instance, CancellationToken ct)
    {
        var bookmarks = await engine.GetBookmarksAsync(session, instance.Id, ct);
        var journal = await engine.GetJournalAsync(session, instance.Id, ct);
        var faults = await engine.GetFaultsAsync(session, instance.Id, ct);
        return new WorkflowInstanceView(
            instance.Id,
            instance.Id,
            instance.DefinitionId,
            instance.DefinitionVersion,
            Guid.Parse(instance.CorrelationId),
            WorkflowActions.Status(instance.Status),
            instance.Variables,
            instance.ActiveActivityIds,
            [.. bookmarks.OrderBy(b => b.CreatedAt).Select(b => new WorkflowBookmarkView(
                b.Id, b.Name, b.ActivityId, b.Metadata?["kind"]?.GetValue<string>(), b.Payload, b.DueAt, b.Metadata, b.CreatedAt))],
            [.. journal.Select(j => new WorkflowJournalView(j.Seq, j.ActivityId, j.ActivityType, j.Outcome, j.OccurredAt))],
            [.. faults.Select(f => new WorkflowFaultView(f.Id, f.ActivityId, f.Message, f.OccurredAt, f.ResolvedAt))],
            instance.Version,
            instance.CreatedAt,
            instance.UpdatedAt,
            instance.FinishedAt);
    }
}
