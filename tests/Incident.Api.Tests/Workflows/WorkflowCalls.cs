using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Features.Workflows;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Workflows;

/// <summary>Workflow helpers over the public contract: take actions, answer handoffs, read timelines.</summary>
public static class WorkflowCalls
{
    public static Task<HttpResponseMessage> Act(HttpClient client, string incidentId, string action, object? input = null, object? extra = null)
    {
        var body = new JsonObject { ["action"] = action };
        if (input is not null)
        {
            body["input"] = JsonSerializerNode(input);
        }

        foreach (var (key, value) in extra is null ? [] : JsonSerializerNode(extra).AsObject().ToList())
        {
            body[key] = value?.DeepClone();
        }

        return client.PostAsJsonAsync($"/api/incidents/{incidentId}/actions", body);
    }

    public static async Task<JsonNode> ActOk(HttpClient client, string incidentId, string action, object? input = null)
    {
        var response = await Act(client, incidentId, action, input);
        await ApiCalls.Expect(response, HttpStatusCode.OK);
        return await ApiCalls.Body(response);
    }

    public static IReadOnlyList<string> Actions(JsonNode incident) =>
        [.. incident["workflow"]!["availableActions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>())];

    public static async Task<IReadOnlyList<JsonNode>> Timeline(HttpClient client, string incidentId) =>
        [.. (await ApiCalls.GetJson(client, $"/api/incidents/{incidentId}/timeline"))["items"]!.AsArray().Select(e => e!)];

    public static async Task<IReadOnlyList<string>> Types(HttpClient client, string incidentId) =>
        [.. (await Timeline(client, incidentId)).Select(e => e["type"]!.GetValue<string>())];

    public static async Task<IReadOnlyList<JsonNode>> Handoffs(HttpClient client, string incidentId) =>
        [.. (await ApiCalls.GetJson(client, $"/api/incidents/{incidentId}/handoffs"))["items"]!.AsArray().Select(h => h!)];

    public static async Task<string> HandoffTo(HttpClient client, string incidentId, string department) =>
        (await Handoffs(client, incidentId)).Single(h => h["toDepartment"]!.GetValue<string>() == department)["id"]!.GetValue<string>();

    public static Task<int> Sweep(ApiServer server) => server.Services.GetRequiredService<DueTimers>().FireAsync();

    /// <summary>Opens an S2 fraud incident and walks it to its escalation: two pending workflow handoffs (review-ops, live-guild-ops).</summary>
    public static async Task<string> OpenToEscalation(HttpClient op, string severity = "S2")
    {
        var id = (await ApiCalls.Open(op, ApiCalls.NewIncident(severity: severity)))["id"]!.GetValue<string>();
        await ActOk(op, id, "triage", new { outcome = "Confirmed", severity });
        var incident = await ActOk(op, id, "assess", new { affectedContent = 1200, exposure = 50000, spreadPerHour = 300.5, severity, partnerDepartment = "live-guild-ops" });
        if (severity == "S1")
        {
            await ActOk(op, id, "publish-flash-report", new { summary = "Flash: fraud live rooms surge" });
        }

        return incident["id"]!.GetValue<string>();
    }

    private static JsonNode JsonSerializerNode(object value) =>
        value as JsonNode ?? System.Text.Json.JsonSerializer.SerializeToNode(value, ApiCalls.Json)!;
}
