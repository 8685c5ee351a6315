using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Rules;

public sealed record ChangeRuleStatusBody(string? Note, string? Reason);

/// <summary>POST /api/governance/rules/{id}/submit|approve|reject|shadow|launch|pause|retire.</summary>
public sealed record ChangeRuleStatus(string IdOrKey, string Transition, ChangeRuleStatusBody? Body, Viewer Viewer) : ICommand<RuleView>;

internal sealed class ChangeRuleStatusValidator : IValidator<ChangeRuleStatus>
{
    public ValueTask ValidateAsync(ChangeRuleStatus request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Transition, "transition", RuleTransitions.All);
        errors.Text(request.Body?.Note, "note", 0, 2000);
        errors.Text(request.Body?.Reason, "reason", request.Transition == RuleTransitions.Reject ? 1 : 0, 2000);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ChangeRuleStatusHandler(
    RuleStore rules, RuleVisibility visibility, RuleTimeline timeline, IncidentStore incidents, HandoffStore handoffs, TimeProvider clock)
    : IRequestHandler<ChangeRuleStatus, RuleView>
{
    /// <summary>How long an implementing department has to accept the launch handoff.</summary>
    public static readonly TimeSpan ImplementWithin = TimeSpan.FromHours(24);

    public async Task<RuleView> Handle(ChangeRuleStatus request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var rule = await visibility.LoadAsync(request.IdOrKey, viewer, ct);
        var note = request.Body?.Reason ?? request.Body?.Note;
        var now = clock.GetUtcNow();
        var change = rule.Apply(request.Transition, viewer, note?.Trim(), now);
        await rules.SaveAsync(rule, ct);
        await timeline.RecordChangesAsync(rule, viewer.Username, ct);
        if (change.To is RuleStatuses.Shadow || (change.To is RuleStatuses.Live && change.From is not RuleStatuses.Shadow))
        {
            await HandOffImplementationAsync(rule, change, viewer, now, ct);
        }

        return RuleView.From(rule, viewer, await visibility.IncidentsAsync(rule.Id, viewer, ct), withVersions: true);
    }

    /// <summary>docs/governance.md: launching gives each implementing department a handoff on each linked open incident.</summary>
    private async Task HandOffImplementationAsync(GovernanceRule rule, RuleChange change, Viewer viewer, DateTimeOffset now, CancellationToken ct)
    {
        var content = rule.Versions.Single(v => v.Version == change.Version).Content;
        foreach (var incidentId in rule.IncidentIds.Order())
        {
            if (await incidents.FindAsync(incidentId, IncidentWorkflows.System, ct) is not { Status: IncidentStatuses.Open } incident)
            {
                continue;
            }

            var mode = change.To == RuleStatuses.Shadow ? "in shadow (count would-be penalties, apply none)" : "live";
            foreach (var department in content.ImplementingDepartments.Where(d => d != viewer.Department))
            {
                var handoff = Handoff.Request(
                    incident,
                    department,
                    $"Implement {rule.Key} v{change.Version} \"{content.Name}\" {mode}: apply its penalty ladder and report enforcement records.",
                    ImplementWithin,
                    viewer,
                    now);
                await handoffs.InsertAsync(handoff, ct);
            }

            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }
    }
}
