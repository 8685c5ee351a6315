using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Governance;

/// <summary>Enforcement, appeal and notice helpers over the public contract (docs/governance.md).</summary>
public static class EnforcementCalls
{
    /// <summary>A unique id for this test run (subjects and external ids never collide between tests of one fixture).</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static JsonObject Record(
        string externalId,
        string ruleId,
        string subjectId,
        DateTimeOffset occurredAt,
        string subjectType = "guild",
        string? guildId = null,
        bool? grave = null,
        string automatedDecision = "partially",
        int? ruleVersion = null)
    {
        var subject = new JsonObject { ["type"] = subjectType, ["id"] = subjectId };
        if (guildId is not null)
        {
            subject["guildId"] = guildId;
        }

        var record = new JsonObject
        {
            ["externalId"] = externalId,
            ["ruleId"] = ruleId,
            ["subject"] = subject,
            ["occurredAt"] = occurredAt.ToString("O"),
            ["automatedDetection"] = true,
            ["automatedDecision"] = automatedDecision,
        };
        if (grave is not null)
        {
            record["grave"] = grave;
        }

        if (ruleVersion is not null)
        {
            record["ruleVersion"] = ruleVersion;
        }

        return record;
    }

    public static Task<HttpResponseMessage> Import(HttpClient client, params JsonObject[] records) =>
        client.PostAsJsonAsync("/api/governance/enforcements", new JsonObject { ["records"] = new JsonArray([.. records.Select(r => r.DeepClone())]) });

    public static async Task<JsonNode> ImportOk(HttpClient client, params JsonObject[] records)
    {
        var response = await Import(client, records);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    public static async Task<HttpResponseMessage> ImportCsv(HttpClient client, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.PostAsync("/api/governance/enforcements", content);
    }

    /// <summary>The strikes of an import's records, in the order sent.</summary>
    public static int[] Strikes(JsonNode imported) => [.. imported["records"]!.AsArray().Select(r => r!["strike"]!.GetValue<int>())];

    public static string[] Actions(JsonNode imported) => [.. imported["records"]!.AsArray().Select(r => r!["action"]!.GetValue<string>())];

    /// <summary>A live rule (tiktok-live, guild-violation, ladder warning → traffic-limit 7d → revenue-freeze 30d → guild-suspension 90d → termination).</summary>
    public static async Task<(string Id, string Key)> LiveRule(
        ApiServer server, string? incidentId = null, string subjectType = "guild", bool rollUpToGuild = false, int? graveStartsAtStrike = null,
        bool viaShadow = false, Action<JsonObject>? change = null)
    {
        var body = GovernanceCalls.RuleBody(incidentId, name: Unique("Rule"), subjectType: subjectType, rollUpToGuild: rollUpToGuild, graveStartsAtStrike: graveStartsAtStrike);
        change?.Invoke(body);
        var rule = await GovernanceCalls.Launched(server, body, viaShadow);
        return (rule["id"]!.GetValue<string>(), rule["key"]!.GetValue<string>());
    }

    /// <summary>A rule taken to shadow (approved, not launched): its records are would-be penalties.</summary>
    public static async Task<(string Id, string Key)> ShadowRule(ApiServer server, string? incidentId = null, Action<JsonObject>? change = null)
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var body = GovernanceCalls.RuleBody(incidentId, name: Unique("Shadow rule"));
        change?.Invoke(body);
        var draft = await GovernanceCalls.Draft(op, body);
        var id = draft["id"]!.GetValue<string>();
        await GovernanceCalls.TransitionOk(op, id, "submit");
        await GovernanceCalls.TransitionOk(lead, id, "approve");
        await GovernanceCalls.TransitionOk(lead, id, "shadow");
        return (id, draft["key"]!.GetValue<string>());
    }

    public static async Task<JsonNode> FileAppeal(HttpClient client, string externalId, DateTimeOffset? filedAt = null, string statement = "The stream was a rehearsal, not a sale.")
    {
        var response = await client.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = externalId, statement, filedAt });
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    public static Task<HttpResponseMessage> Decide(HttpClient client, string appealId, string outcome = "overturned", string reason = "The evidence shows a rehearsal.", string? language = null) =>
        client.PostAsJsonAsync($"/api/governance/appeals/{appealId}/decide", new { outcome, reason, language });

    public static async Task<long> Count(ApiServer server, string table) => await server.Scalar<long>($"select count(*) from {table}");
}
