using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>Small helpers over the public HTTP contract (API.md); tests read JSON as the integrations do.</summary>
public static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static object NewIncident(
        string title = "Fraud live rooms surge",
        string businessLine = "douyin",
        string category = "fraud-scam",
        string severity = "S2",
        string source = "operator") =>
        new { title, summary = "Operators saw a spike of fraud reports.", businessLine, category, severity, source, tags = new[] { "live", "fraud" } };

    public static async Task<JsonNode> Open(HttpClient client, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body ?? NewIncident()) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        await Expect(response, HttpStatusCode.Created);
        return await Body(response);
    }

    public static async Task<JsonNode> RequestHandoff(HttpClient client, string incidentId, string toDepartment, int? acceptWithinMinutes = 15)
    {
        var response = await client.PostAsJsonAsync($"/api/incidents/{incidentId}/handoffs", new { toDepartment, note = "Please take down matching content", acceptWithinMinutes });
        await Expect(response, HttpStatusCode.Created);
        return await Body(response);
    }

    public static async Task<JsonNode> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    public static async Task<JsonNode> GetJson(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        await Expect(response, HttpStatusCode.OK);
        return await Body(response);
    }

    /// <summary>Asserts the status, showing the body when it is not the expected one.</summary>
    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} but got {(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        }
    }

    /// <summary>Asserts an RFC 7807 problem with the status; returns it.</summary>
    public static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        await Expect(response, status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await Body(response);
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["title"].ShouldNotBeNull();
        return problem;
    }
}
