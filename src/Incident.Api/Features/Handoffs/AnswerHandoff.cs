using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Handoffs;

public sealed record AcceptHandoff(Guid HandoffId, string? Note, Viewer Viewer) : ICommand<HandoffView>;

public sealed record DeclineHandoff(Guid HandoffId, string? Reason, Viewer Viewer) : ICommand<HandoffView>;

internal sealed class AcceptHandoffValidator : IValidator<AcceptHandoff>
{
    public ValueTask ValidateAsync(AcceptHandoff request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Note, "note", 0, 4000);
        return ValueTask.CompletedTask;
    }
}

internal sealed class DeclineHandoffValidator : IValidator<DeclineHandoff>
{
    public ValueTask ValidateAsync(DeclineHandoff request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Reason, "reason", 1, 4000);
        return ValueTask.CompletedTask;
    }
}

internal sealed class AcceptHandoffHandler(HandoffAnswering answering) : IRequestHandler<AcceptHandoff, HandoffView>
{
    public Task<HandoffView> Handle(AcceptHandoff request, CancellationToken ct) =>
        answering.AnswerAsync(request.HandoffId, request.Viewer, "Accepted", (h, i, now) => h.Accept(i, request.Viewer, request.Note?.Trim(), now), ct);
}

internal sealed class DeclineHandoffHandler(HandoffAnswering answering) : IRequestHandler<DeclineHandoff, HandoffView>
{
    public Task<HandoffView> Handle(DeclineHandoff request, CancellationToken ct) =>
        answering.AnswerAsync(request.HandoffId, request.Viewer, "Declined", (h, i, now) => h.Decline(i, request.Viewer, request.Reason!.Trim(), now), ct);
}

/// <summary>
/// Accept and decline share their choreography: lock the incident, then the handoff (always in
/// that order, so two answers never deadlock), check visibility, answer, resume the workflow that
/// asked for it (ADR-0008), save both. An answer after the SLA timer expired the handoff finds it
/// no longer pending: 409, and nothing of the workflow runs.
/// </summary>
public sealed class HandoffAnswering(IncidentStore incidents, HandoffStore handoffs, IncidentWorkflows workflows, TimeProvider clock)
{
    public async Task<HandoffView> AnswerAsync(
        Guid handoffId, Viewer viewer, string outcome, Action<Handoff, RiskIncident, DateTimeOffset> answer, CancellationToken ct)
    {
        var incidentId = await handoffs.IncidentOfAsync(handoffId, ct);
        // A handoff of an incident the caller cannot see does not exist for it.
        var incident = await incidents.FindAsync(incidentId, viewer, ct)
            ?? throw new Infrastructure.Errors.NotFoundException("handoff", handoffId);

        var handoff = await handoffs.LoadAsync(handoffId, ct);
        answer(handoff, incident, clock.GetUtcNow());
        await handoffs.SaveAsync(handoff, ct);
        if (handoff.WorkflowInstanceId is null)
        {
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
            return HandoffView.From(handoff);
        }

        var run = await workflows.ResumeHandoffAsync(incident, viewer.Username, handoffId, outcome, ct);
        if (!run.Ran)
        {
            // The handoff was pending but its workflow no longer waits for it (the instance faulted or was cancelled).
            throw new Infrastructure.Errors.ConflictException(
                $"The workflow no longer waits for this handoff ({run.Result.Status}).",
                run.Result.Status == WorkflowRunStatus.BookmarkConsumed ? "bookmark-consumed" : "workflow-not-resumable",
                HandoffView.From(handoff));
        }

        await workflows.SaveAsync(run, incident, newIncident: false, ct);
        return HandoffView.From(handoff);
    }
}
