using System.Text.Json.Nodes;
using Incident.Api.Features.Assessment;
using Incident.Api.Features.Incidents;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// What an action's input means for the incident itself, applied before the workflow resumes so its
/// expressions see it: a valid <c>severity</c> sets the incident's severity (triage confirms it, assessment
/// may change it, with the reason on the timeline), and the <c>assess</c> action records a risk assessment
/// from its affectedContent / exposure / spreadPerHour with the transparent model (issue #5, item 4).
/// The whole transaction rolls back if the engine then rejects the input.
/// </summary>
internal sealed class ActionInputEffects(SubmitAssessmentHandler assessments, TimeProvider clock)
{
    public const string AssessAction = "assess";

    public async Task ApplyAsync(RiskIncident incident, string action, JsonObject? input, string actor, CancellationToken ct)
    {
        if (input is null)
        {
            return;
        }

        var severity = Text(input, "severity");
        string? suggested = null;
        if (action == AssessAction && Number(input, "affectedContent") is { } affected && Number(input, "exposure") is { } exposure
            && Number(input, "spreadPerHour") is { } spread)
        {
            var assessment = await assessments.RecordAsync(
                incident,
                new AssessmentInput((long)affected, (long)exposure, spread, Number(input, "sensitivity"), input["minorsInvolved"] is JsonValue minors && minors.TryGetValue<bool>(out var flag) ? flag : null, null, null),
                actor,
                ct);
            suggested = assessment.SuggestedSeverity;
        }

        if (severity is not null && Severities.All.Contains(severity) && severity != incident.Severity)
        {
            var reason = Text(input, "note") ?? Text(input, "overrideReason") ?? $"set at '{action}'";
            incident.OverrideSeverity(severity, reason, suggested, actor, clock.GetUtcNow());
        }
    }

    private static string? Text(JsonObject input, string name) =>
        input[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static double? Number(JsonObject input, string name) =>
        input[name] is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) && number >= 0 ? number : null;
}
