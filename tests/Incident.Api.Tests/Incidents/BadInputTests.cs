using System.Net;
using System.Net.Http.Json;
using System.Text;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Incidents;

/// <summary>Issue #2 "Bad input": each gets a clear 4xx problem and changes nothing.</summary>
public sealed class BadInputTests(ApiServer server) : IClassFixture<ApiServer>
{
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "missing title", """{"summary":"s","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "title" },
        { "blank title", """{"title":"   ","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "title" },
        { "title over 200", $$"""{"title":"{{new string('x', 201)}}","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "title" },
        { "unknown business line", """{"title":"t","businessLine":"kuaishou","category":"fraud-scam","severity":"S2","source":"operator"}""", "businessLine" },
        { "unknown category", """{"title":"t","businessLine":"douyin","category":"spam","severity":"S2","source":"operator"}""", "category" },
        { "unknown severity", """{"title":"t","businessLine":"douyin","category":"fraud-scam","severity":"S5","source":"operator"}""", "severity" },
        { "unknown source", """{"title":"t","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"rumour"}""", "source" },
        { "summary over 10000", $$"""{"title":"t","summary":"{{new string('s', 10_001)}}","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "summary" },
        { "too many tags", $$"""{"title":"t","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator","tags":[{{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"t{i}\""))}}]}""", "tags" },
        { "tag too long", $$"""{"title":"t","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator","tags":["{{new string('t', 51)}}"]}""", "tags[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_incident_fields_are_400_naming_the_field_and_store_nothing(string because, string json, string field)
    {
        var client = await server.SignIn("operator1");
        var (incidents, events) = await Counts();
        var problem = await ApiCalls.Problem(await PostRaw(client, "/api/incidents", json), HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(because);
        (await Counts()).ShouldBe((incidents, events), because);
    }

    [Theory]
    [InlineData("""{"title": """)]
    [InlineData("""{"title": 5, "businessLine": "douyin"}""")]
    [InlineData("""["not", "an", "object"]""")]
    [InlineData("")]
    public async Task Malformed_or_wrongly_shaped_json_is_400_and_stores_nothing(string json)
    {
        var client = await server.SignIn("operator1");
        var before = await Counts();
        var problem = await ApiCalls.Problem(await PostRaw(client, "/api/incidents", json), HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await Counts()).ShouldBe(before);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var client = await server.SignIn("operator1");
        using var content = new StringContent("title=x", Encoding.UTF8, "text/plain");
        var before = await Counts();
        await ApiCalls.Problem(await client.PostAsync("/api/incidents", content), HttpStatusCode.UnsupportedMediaType);
        (await Counts()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_413()
    {
        var client = await server.SignIn("operator1");
        var json = $$"""{"title":"t","summary":"{{new string('s', 1_100_000)}}","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""";
        var before = await Counts();
        // Expect: 100-continue lets the server refuse before the body is sent; without it the
        // client may still be writing when the 413 closes the connection (a broken pipe, not an answer).
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = content };
        request.Headers.ExpectContinue = true;
        await ApiCalls.Problem(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        (await Counts()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/incidents?pageSize=201", "pageSize")]
    [InlineData("/api/incidents?pageSize=0", "pageSize")]
    [InlineData("/api/incidents?page=0", "page")]
    [InlineData("/api/incidents?severity=S9", "severity")]
    [InlineData("/api/incidents?stage=nowhere", "stage")]
    [InlineData("/api/handoffs?direction=sideways", "direction")]
    [InlineData("/api/events?limit=100000", "limit")]
    public async Task Bad_query_parameters_are_400_naming_the_parameter(string path, string field)
    {
        var client = await server.SignIn("operator1");
        var problem = await ApiCalls.Problem(await client.GetAsync(path), HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("/api/incidents/3f2b7e4c-0000-4000-8000-000000000000")]
    [InlineData("/api/incidents/not-a-guid")]
    [InlineData("/api/incidents/3f2b7e4c-0000-4000-8000-000000000000/timeline")]
    [InlineData("/api/incidents/12345/handoffs")]
    public async Task Unknown_or_malformed_ids_are_404_problems(string path)
    {
        var client = await server.SignIn("operator1");
        await ApiCalls.Problem(await client.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_expected_version_is_409_with_the_current_version_and_changes_nothing()
    {
        var client = await server.SignIn("operator1");
        var incident = await ApiCalls.Open(client);
        var id = incident["id"]!.GetValue<string>();
        (await client.PatchAsJsonAsync($"/api/incidents/{id}", new { severity = "S1", expectedVersion = 1 })).EnsureSuccessStatusCode();

        var problem = await ApiCalls.Problem(
            await client.PatchAsJsonAsync($"/api/incidents/{id}", new { title = "lost update?", expectedVersion = 1 }),
            HttpStatusCode.Conflict);
        problem["currentVersion"]!.GetValue<int>().ShouldBe(2);
        problem["current"]!["severity"]!.GetValue<string>().ShouldBe("S1");
        var current = await ApiCalls.GetJson(client, $"/api/incidents/{id}");
        current["title"]!.GetValue<string>().ShouldBe(incident["title"]!.GetValue<string>());
        current["version"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_expected_version_have_exactly_one_winner()
    {
        var client = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(client))["id"]!.GetValue<string>();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            (await client.PatchAsJsonAsync($"/api/incidents/{id}", new { title = $"winner {i}", expectedVersion = 1 })).StatusCode));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(11);
        var current = await ApiCalls.GetJson(client, $"/api/incidents/{id}");
        current["version"]!.GetValue<int>().ShouldBe(2);
        var timeline = await ApiCalls.GetJson(client, $"/api/incidents/{id}/timeline");
        timeline["items"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "incident.updated").ShouldBe(1);
    }

    [Fact]
    public async Task Accepting_a_handoff_addressed_to_another_department_is_403_and_answering_twice_is_409()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoff = await ApiCalls.RequestHandoff(op, id, "review-ops");
        var handoffId = handoff["id"]!.GetValue<string>();

        await ApiCalls.Problem(await op.PostAsJsonAsync($"/api/handoffs/{handoffId}/accept", new { note = "mine?" }), HttpStatusCode.Forbidden);
        var review = await server.SignIn("review1");
        (await review.PostAsJsonAsync($"/api/handoffs/{handoffId}/accept", new { note = "on it" })).EnsureSuccessStatusCode();
        var problem = await ApiCalls.Problem(await review.PostAsJsonAsync($"/api/handoffs/{handoffId}/decline", new { reason = "changed my mind" }), HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldContain("accepted");
        var events = await ApiCalls.GetJson(op, $"/api/incidents/{id}/timeline");
        events["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())
            .ShouldBe(["incident.opened", "task.created", "handoff.requested", "handoff.accepted"]);
    }

    [Fact]
    public async Task Declining_without_a_reason_is_400()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoffId = (await ApiCalls.RequestHandoff(op, id, "review-ops"))["id"]!.GetValue<string>();
        var review = await server.SignIn("review1");
        var problem = await ApiCalls.Problem(await review.PostAsJsonAsync($"/api/handoffs/{handoffId}/decline", new { reason = " " }), HttpStatusCode.BadRequest);
        problem["errors"]!["reason"].ShouldNotBeNull();
    }

    private static async Task<HttpResponseMessage> PostRaw(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync(path, content);
    }

    private async Task<(long Incidents, long Events)> Counts() =>
        (await server.Scalar<long>("select count(*) from incidents"), await server.Scalar<long>("select count(*) from events"));
}
