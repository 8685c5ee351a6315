using System.Text.Json.Nodes;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>POST /api/incidents/{id}/actions; <c>bookmarkId</c> (from availableActions) makes a retry of the same click idempotent.</summary>
public sealed record TakeActionBody(string? Action, JsonObject? Input, int? ExpectedVersion, Guid? BookmarkId);

public sealed record TakeAction(Guid IncidentId, TakeActionBody Body, Viewer Viewer) : ICommand<ActionTaken>;

/// <summary>The incident after the action; <see cref="Fault"/> is set when the workflow faulted (committed, then reported as 409).</summary>
public sealed record ActionTaken(IncidentView Incident, WorkflowFault? Fault);

internal sealed class TakeActionValidator : IValidator<TakeAction>
{
    public ValueTask ValidateAsync(TakeAction request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Body.Action, "action", 1, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class TakeActionHandler(IncidentStore incidents, IncidentWorkflows workflows, WorkflowEngine engine, ActionInputEffects effects)
    : IRequestHandler<TakeAction, ActionTaken>
{
    public async Task<ActionTaken> Handle(TakeAction request, CancellationToken ct)
    {
        var (body, viewer) = (request.Body, request.Viewer);
        var incident = await incidents.LoadAsync(request.IncidentId, viewer, ct);
        incidents.EnsureVersion(incident, body.ExpectedVersion);

        var session = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(session, incident.Id.ToString(), ct);
        List<WorkflowBookmark> open = instance is null ? [] : (await engine.GetBookmarksAsync(session, instance.Id, ct))
            .Where(b => WorkflowActions.IsAction(b) && b.Name == body.Action && (body.BookmarkId is null || b.Id == body.BookmarkId))
            .ToList();
        if (open.Count == 0)
        {
            throw await ConsumedAsync(incident, viewer, $"The action '{body.Action}' is not available on {incident.Key} (any more).", ct);
        }

        var bookmark = open.Find(b => WorkflowActions.MayTake(viewer, b))
            ?? throw new ForbiddenException($"The action '{body.Action}' is for {Who(open[0])}.");

        await effects.ApplyAsync(incident, bookmark.Name, body.Input, viewer.Username, ct);
        var run = await workflows.ResumeAsync(incident, viewer.Username, bookmark.Id, body.Input, ct);
        switch (run.Result.Status)
        {
            case WorkflowRunStatus.Executed or WorkflowRunStatus.Faulted:
                await workflows.SaveAsync(run, incident, newIncident: false, ct);
                return new ActionTaken(await workflows.ViewAsync(incident, viewer, ct), run.Result.Fault);
            case WorkflowRunStatus.InvalidInput:
                throw new ValidationFailedException(run.Result.Errors
                    .GroupBy(e => InputField(e.Path))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            case WorkflowRunStatus.BookmarkConsumed:
                throw await ConsumedAsync(incident, viewer, $"The action '{body.Action}' was taken by someone else or a timer first.", ct);
            default:
                throw new ConflictException(
                    $"The workflow of {incident.Key} cannot take actions now ({run.Result.Status}).",
                    "workflow-not-resumable", await workflows.ViewAsync(incident, viewer, ct), incident.Version);
        }
    }

    private async Task<ConflictException> ConsumedAsync(RiskIncident incident, Viewer viewer, string message, CancellationToken ct) =>
        new(message, "bookmark-consumed", await workflows.ViewAsync(incident, viewer, ct), incident.Version);

    private static string Who(WorkflowBookmark bookmark)
    {
        var action = WorkflowActions.Available(bookmark);
        var parts = new[]
        {
            action.AllowedRoles.Count > 0 ? $"roles {string.Join(", ", action.AllowedRoles)}" : null,
            action.AllowedDepartments.Count > 0 ? $"departments {string.Join(", ", action.AllowedDepartments)}" : null,
        };
        return string.Join(" in ", parts.OfType<string>());
    }

    // Engine paths are JSON Schema paths ("#/severity") or "outcome"; the API names them under "input".
    private static string InputField(string path)
    {
        var trimmed = path.TrimStart('#', '/', '.').Replace('/', '.');
        return trimmed.Length == 0 ? "input" : $"input.{trimmed}";
    }
}
