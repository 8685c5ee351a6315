using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>
/// API.md "Governance": governance events land on the timelines of the rule's incidents, so every
/// department involved in them sees them live. Incidents are locked in id order (after the rule).
/// </summary>
public sealed class RuleTimeline(IncidentStore incidents, TimeProvider clock)
{
    public static Dictionary<string, object?> Data(GovernanceRule rule, int? version = null) => new()
    {
        ["ruleId"] = rule.Id,
        ["ruleKey"] = rule.Key,
        ["name"] = rule.Latest.Content.Name,
        ["version"] = version ?? rule.Latest.Version,
    };

    public async Task RecordAsync(
        IEnumerable<Guid> incidentIds, string type, string actor, IReadOnlyDictionary<string, object?> data, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var id in incidentIds.Distinct().Order())
        {
            if (await incidents.FindAsync(id, IncidentWorkflows.System, ct) is not { } incident)
            {
                continue;
            }

            incident.Record(type, actor, now, data);
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }
    }

    /// <summary>Records each lifecycle change of the rule (edits, transitions; going live also as governance.launched).</summary>
    public async Task RecordChangesAsync(GovernanceRule rule, string actor, CancellationToken ct)
    {
        foreach (var change in rule.Changes)
        {
            var data = Data(rule, change.Version);
            data["from"] = change.From;
            data["to"] = change.To;
            data["transition"] = change.What;
            data["note"] = change.Note;
            await RecordAsync(rule.IncidentIds, GovernanceEvents.RuleChanged, actor, data, ct);
            if (change.Transition == RuleTransitions.Launch)
            {
                await RecordAsync(rule.IncidentIds, GovernanceEvents.Launched, actor, data, ct);
            }
        }
    }
}
