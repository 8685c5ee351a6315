using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>GET /api/incidents/{id}/governance: the incident's rules with their effectiveness, its verdict and its workflow gate.</summary>
public sealed record IncidentGovernance(Guid IncidentId, Viewer Viewer) : IQuery<IncidentGovernanceView>;

public sealed record IncidentGovernanceView(Guid IncidentId, string Verdict, IReadOnlyList<IncidentGovernanceRule> Rules, GovernanceGateView Gate);

public sealed record IncidentGovernanceRule(
    Guid Id, string Key, string Name, string Kind, string Status, int Version, int? LiveVersion, int? ShadowVersion,
    DateTimeOffset? LaunchedAt, RuleTargets Targets, Effectiveness.RuleEffectivenessView? Effectiveness);

/// <param name="Waiting">The incident's workflow waits at a governance gate.</param>
/// <param name="Since">When the gate opened (measuring restarts there after an Iterate).</param>
/// <param name="WindowEndsAt">When the gate gives up with NotEffective.</param>
public sealed record GovernanceGateView(bool Waiting, DateTimeOffset? Since, DateTimeOffset? WindowEndsAt);

internal sealed class IncidentGovernanceHandler(IncidentVisibility visibility, IncidentWorkflows workflows, WorkflowEngine engine, GateRules gateRules)
    : IRequestHandler<IncidentGovernance, IncidentGovernanceView>
{
    public async Task<IncidentGovernanceView> Handle(IncidentGovernance request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var measured = await gateRules.MeasureAsync(request.IncidentId, ct);
        var rules = measured.Select(m =>
        {
            var latest = m.Rule.Latest;
            return new IncidentGovernanceRule(
                m.Rule.Id, m.Rule.Key, latest.Content.Name, latest.Content.Kind, latest.Status, latest.Version, m.Rule.LiveVersion?.Version,
                m.Rule.ShadowVersion?.Version, m.Rule.LiveVersion?.LaunchedAt, (m.Rule.LiveVersion ?? latest).Content.Targets, m.Effectiveness);
        }).ToList();
        return new IncidentGovernanceView(request.IncidentId, GateRules.Verdict(measured), rules, await GateAsync(request.IncidentId, ct));
    }

    private async Task<GovernanceGateView> GateAsync(Guid incidentId, CancellationToken ct)
    {
        var session = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(session, incidentId.ToString(), ct);
        if (instance is null)
        {
            return new GovernanceGateView(false, null, null);
        }

        var bookmarks = await engine.GetBookmarksAsync(session, instance.Id, ct);
        var gate = bookmarks.FirstOrDefault(b => b.Name == EvaluateGovernanceGateHandler.Signal && b.DueAt is null);
        var timer = gate is null ? null : bookmarks.FirstOrDefault(b => b.ActivityId == gate.ActivityId && b.DueAt is not null);
        return new GovernanceGateView(gate is not null, gate?.CreatedAt, timer?.DueAt);
    }
}
