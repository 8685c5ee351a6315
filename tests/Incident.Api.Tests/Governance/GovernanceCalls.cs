using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Governance;

/// <summary>Governance helpers over the public contract (docs/governance.md): draft, move and launch rules.</summary>
public static class GovernanceCalls
{
    public static object Ladder() => new object[]
    {
        new { strike = 1, action = "warning" },
        new { strike = 2, action = "traffic-limit", durationDays = 7 },
        new { strike = 3, action = "revenue-freeze", durationDays = 30 },
        new { strike = 4, action = "guild-suspension", durationDays = 90 },
        new { strike = 5, action = "termination" },
    };

    public static JsonObject RuleBody(
        string? incidentId = null,
        string name = "Guild fake traffic",
        string subjectType = "guild",
        string? signalSeriesId = null,
        string? controlSeriesId = null,
        object? ladder = null,
        object? targets = null,
        bool rollUpToGuild = false,
        int? graveStartsAtStrike = null)
    {
        var body = JsonSerializerNode(new
        {
            name,
            kind = "rule",
            businessLine = "tiktok-live",
            category = "guild-violation",
            subjectType,
            characteristics = "Guilds buying **fake viewers** and gifts to climb the live ranking.",
            detection = "model",
            implementingDepartments = new[] { "live-guild-ops", "review-ops" },
            incidentIds = incidentId is null ? Array.Empty<string>() : [incidentId],
            signalSeriesId,
            controlSeriesId,
            ladder = ladder ?? Ladder(),
            strikeWindowDays = 90,
            graveStartsAtStrike,
            rollUpToGuild,
            targets = targets ?? new { violationRateChange = -0.3, minPrecision = 0.9, minCoverage = 0.6 },
        }).AsObject();
        return body;
    }

    public static async Task<JsonNode> Draft(HttpClient client, JsonObject body)
    {
        var response = await client.PostAsJsonAsync("/api/governance/rules", body);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    public static Task<HttpResponseMessage> Transition(HttpClient client, string ruleId, string transition, object? body = null) =>
        client.PostAsJsonAsync($"/api/governance/rules/{ruleId}/{transition}", body ?? new { });

    public static async Task<JsonNode> TransitionOk(HttpClient client, string ruleId, string transition, object? body = null)
    {
        var response = await Transition(client, ruleId, transition, body);
        await ApiCalls.Expect(response, HttpStatusCode.OK);
        return await ApiCalls.Body(response);
    }

    /// <summary>Drafts (operator), submits, approves (leader) and launches a rule; optionally through shadow first.</summary>
    public static async Task<JsonNode> Launched(ApiServer server, JsonObject body, bool viaShadow = false)
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var id = (await Draft(op, body))["id"]!.GetValue<string>();
        await TransitionOk(op, id, "submit");
        await TransitionOk(lead, id, "approve");
        if (viaShadow)
        {
            await TransitionOk(lead, id, "shadow");
        }

        return await TransitionOk(lead, id, "launch");
    }

    public static JsonNode JsonSerializerNode(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value, ApiCalls.Json)!;
}
