using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>
/// Issue 9, item 7: an incident cannot close while one of its rules is still in shadow (nobody has decided
/// whether it goes live), and the closing review carries each rule's effectiveness figures.
/// </summary>
public sealed class GovernanceClosing(GateRules gateRules, TimeProvider clock)
{
    public const string Actor = "governance";

    /// <summary>Called when a workflow run closed the incident, before it is written; a 409 rolls the whole run back.</summary>
    public async Task ClosingAsync(RiskIncident incident, CancellationToken ct)
    {
        var measured = await gateRules.MeasureAsync(incident.Id, ct);
        if (measured.Count == 0)
        {
            return;
        }

        var inShadow = measured.Where(m => m.Rule.ShadowVersion is not null).Select(m => m.Rule.Key).ToList();
        if (inShadow.Count > 0)
        {
            throw new ConflictException(
                $"{incident.Key} cannot close while {string.Join(", ", inShadow)} still run(s) in shadow: launch, pause or retire them first.",
                "governance-in-shadow",
                currentVersion: incident.Version);
        }

        incident.Record(GovernanceEvents.EffectMeasured, Actor, clock.GetUtcNow(), new Dictionary<string, object?>
        {
            ["verdict"] = GateRules.Verdict(measured),
            ["closing"] = true,
            ["rules"] = GateRules.Figures(measured),
        });
    }
}
