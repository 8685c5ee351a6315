using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Reports;

/// <summary>Report helpers over the public contract (API.md "Reports").</summary>
public static class ReportCalls
{
    public static Task<HttpResponseMessage> Draft(HttpClient client, string incidentId, string kind) =>
        client.PostAsJsonAsync($"/api/incidents/{incidentId}/reports", new { kind });

    public static async Task<JsonNode> DraftOk(HttpClient client, string incidentId, string kind = "flash")
    {
        var response = await Draft(client, incidentId, kind);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    public static Task<HttpResponseMessage> Approve(HttpClient client, string reportId) =>
        client.PostAsync($"/api/reports/{reportId}/approve", null);

    public static Task<HttpResponseMessage> Publish(HttpClient client, string reportId, params string[] audience) =>
        client.PostAsJsonAsync($"/api/reports/{reportId}/publish", new { audience });

    public static async Task<JsonNode> PublishOk(HttpClient client, string reportId, params string[] audience)
    {
        var response = await Publish(client, reportId, audience);
        await ApiCalls.Expect(response, HttpStatusCode.OK);
        return await ApiCalls.Body(response);
    }

    /// <summary>Drafted by an operator, approved by the leader: ready to publish.</summary>
    public static async Task<JsonNode> Approved(ApiServer server, HttpClient op, string incidentId, string kind = "flash")
    {
        var draft = await DraftOk(op, incidentId, kind);
        var lead = await server.SignIn("lead1");
        var response = await Approve(lead, Id(draft));
        await ApiCalls.Expect(response, HttpStatusCode.OK);
        return await ApiCalls.Body(response);
    }

    public static string Id(JsonNode node) => node["id"]!.GetValue<string>();

    public static string Text(JsonNode node, string field) => node[field]!.GetValue<string>();
}
