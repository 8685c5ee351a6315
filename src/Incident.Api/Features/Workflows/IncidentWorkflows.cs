using System.Text.Json.Nodes;
using Incident.Api.Features.Governance.Gate;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;

namespace Incident.Api.Features.Workflows;

/// <summary>One engine command on one incident: the host that applied its effects, and what happened.</summary>
public sealed record IncidentWorkflowRun(IncidentWorkflowHost Host, WorkflowRunResult Result)
{
    /// <summary>Set for a start: the definition version the instance is pinned to.</summary>
    public (string Id, int Version)? Definition { get; init; }

    public bool Ran => Result.Status is WorkflowRunStatus.Executed or WorkflowRunStatus.Faulted;
}

/// <summary>
/// ADR-0008: the incident's workflow runs on the request's connection and transaction
/// (<see cref="DbSession"/>), so the incident, its handoffs, the instance state, the bookmarks and
/// the timeline events commit together. Callers lock the incident row first, then the engine
/// locks the instance: one lock order everywhere, so an accept and a timer never deadlock.
/// </summary>
public sealed class IncidentWorkflows(
    WorkflowEngine engine,
    WorkflowDefinitionStore definitions,
    DbSession session,
    IncidentStore incidents,
    HandoffStore handoffs,
    ReferenceData reference,
    IServiceProvider services,
    TimeProvider clock)
{
    /// <summary>Who the timeline names when a timer, not a person, moved the workflow.</summary>
    public const string SystemActor = "workflow";

    /// <summary>The sweep's identity: sees every incident.</summary>
    public static readonly Viewer System = new(SystemActor, "Workflow engine", [Roles.Admin], "");

    public async Task<WorkflowSession> SessionAsync(CancellationToken ct) =>
        new(await session.ConnectionAsync(ct), session.Transaction);

    /// <summary>Starts the published definition that matches a new incident; null when none matches.</summary>
    public async Task<IncidentWorkflowRun?> StartAsync(RiskIncident incident, string actor, CancellationToken ct)
    {
        var workflowSession = await SessionAsync(ct);
        var definition = await definitions.SelectAsync(workflowSession, incident.BusinessLine, incident.Category, incident.Severity, ct);
        if (definition is null)
        {
            return null;
        }

        var host = Host(incident, actor);
        var result = await engine.StartAsync(
            workflowSession, host, new StartWorkflow(definition.DefinitionId, incident.Id.ToString(), definition.Version), ct);
        return new IncidentWorkflowRun(host, result) { Definition = (definition.DefinitionId, definition.Version) };
    }

    public async Task<IncidentWorkflowRun> ResumeAsync(RiskIncident incident, string actor, Guid bookmarkId, JsonObject? input, CancellationToken ct)
    {
        var host = Host(incident, actor);
        return new IncidentWorkflowRun(host, await engine.ResumeAsync(await SessionAsync(ct), host, bookmarkId, input, ct));
    }

    public async Task<IncidentWorkflowRun> ResumeHandoffAsync(RiskIncident incident, string actor, Guid handoffId, string outcome, CancellationToken ct)
    {
        var host = Host(incident, actor);
        var key = new BookmarkKey("handoff", incident.Id.ToString(), new JsonObject { ["handoffId"] = handoffId.ToString() });
        return new IncidentWorkflowRun(host, await engine.ResumeAsync(await SessionAsync(ct), host, key, new JsonObject { ["outcome"] = outcome }, ct));
    }

    public async Task<IncidentWorkflowRun> RetryAsync(RiskIncident incident, string actor, Guid instanceId, CancellationToken ct)
    {
        var host = Host(incident, actor);
        return new IncidentWorkflowRun(host, await engine.RetryAsync(await SessionAsync(ct), host, instanceId, ct));
    }

    /// <summary>Writes what a run changed: the incident (inserted when new), then the handoffs it requested or touched.</summary>
    public async Task SaveAsync(IncidentWorkflowRun? run, RiskIncident incident, bool newIncident, CancellationToken ct)
    {
        if (!newIncident && incident.PendingEvents.Any(e => e.Type == "incident.closed"))
        {
            // Resolved lazily: governance measures rules through stores that themselves depend on the workflows.
            await services.GetRequiredService<GovernanceClosing>().ClosingAsync(incident, ct);
        }

        if (newIncident)
        {
            await incidents.InsertAsync(incident, ct);
        }
        else
        {
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }

        if (run is null)
        {
            return;
        }

        foreach (var handoff in run.Host.RequestedHandoffs)
        {
            await handoffs.InsertAsync(handoff, ct);
        }

        foreach (var handoff in run.Host.ChangedHandoffs)
        {
            await handoffs.SaveAsync(handoff, ct);
        }
    }

    /// <summary>The incident's latest instance and the open actions the viewer may take.</summary>
    public async Task<WorkflowSummary?> SummaryAsync(Guid incidentId, Viewer viewer, CancellationToken ct)
    {
        var workflowSession = await SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(workflowSession, incidentId.ToString(), ct);
        if (instance is null)
        {
            return null;
        }

        var bookmarks = await engine.GetBookmarksAsync(workflowSession, instance.Id, ct);
        var actions = bookmarks
            .Where(b => WorkflowActions.IsAction(b) && WorkflowActions.MayTake(viewer, b))
            .OrderBy(b => b.CreatedAt)
            .Select(WorkflowActions.Available)
            .ToList();
        return new WorkflowSummary(instance.DefinitionId, instance.DefinitionVersion, instance.Id, WorkflowActions.Status(instance.Status), actions);
    }

    /// <summary>
    /// The view of a just-opened incident built from its start run: a new instance's open bookmarks are exactly
    /// those it created and did not burn, so nothing is read while the write transaction (SQLite's one
    /// writer) is held. Falls back to reading when the start did not simply run.
    /// </summary>
    public async Task<IncidentView> StartedViewAsync(RiskIncident incident, IncidentWorkflowRun? run, Viewer viewer, CancellationToken ct)
    {
        if (run is not { Definition: { } definition, Result: { Status: WorkflowRunStatus.Executed, InstanceId: { } instanceId, InstanceStatus: { } status } result })
        {
            return await ViewAsync(incident, viewer, ct);
        }

        var burned = result.BurnedBookmarkIds.ToHashSet();
        var actions = result.CreatedBookmarks
            .Where(b => !burned.Contains(b.Id) && WorkflowActions.IsAction(b) && WorkflowActions.MayTake(viewer, b))
            .OrderBy(b => b.CreatedAt)
            .Select(WorkflowActions.Available)
            .ToList();
        return IncidentView.From(incident, new WorkflowSummary(definition.Id, definition.Version, instanceId, WorkflowActions.Status(status), actions));
    }

    /// <summary>The incident's open tasks (action bookmarks of its latest instance), oldest first, whoever may take them.</summary>
    public async Task<IReadOnlyList<WorkflowBookmark>> OpenTasksAsync(Guid incidentId, CancellationToken ct)
    {
        var workflowSession = await SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(workflowSession, incidentId.ToString(), ct);
        if (instance is null)
        {
            return [];
        }

        var bookmarks = await engine.GetBookmarksAsync(workflowSession, instance.Id, ct);
        return [.. bookmarks.Where(WorkflowActions.IsAction).OrderBy(b => b.CreatedAt)];
    }

    public async Task<IncidentView> ViewAsync(RiskIncident incident, Viewer viewer, CancellationToken ct) =>
        IncidentView.From(incident, await SummaryAsync(incident.Id, viewer, ct));

    private IncidentWorkflowHost Host(RiskIncident incident, string actor) => new(incident, actor, handoffs, reference, clock);
}
