using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Incidents;

public sealed partial class OpenIncidentTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Opening_an_incident_returns_201_with_location_key_and_an_opened_event()
    {
        var client = await server.SignIn("operator1");
        var response = await client.PostAsJsonAsync("/api/incidents", ApiCalls.NewIncident(severity: "S1"));
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        var incident = await ApiCalls.Body(response);
        var id = incident["id"]!.GetValue<string>();

        response.Headers.Location!.ToString().ShouldBe($"/api/incidents/{id}");
        KeyPattern().IsMatch(incident["key"]!.GetValue<string>()).ShouldBeTrue();
        incident["status"]!.GetValue<string>().ShouldBe("open");
        incident["stage"]!.GetValue<string>().ShouldBe("discovery");
        incident["ownerDepartment"]!.GetValue<string>().ShouldBe("risk-ops");
        incident["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["risk-ops"]);
        incident["version"]!.GetValue<int>().ShouldBe(1);
        incident["severity"]!.GetValue<string>().ShouldBe("S1");

        var fetched = await ApiCalls.GetJson(client, $"/api/incidents/{id}");
        fetched["key"]!.GetValue<string>().ShouldBe(incident["key"]!.GetValue<string>());

        var timeline = await ApiCalls.GetJson(client, $"/api/incidents/{id}/timeline");
        // The seeded emergency-response workflow starts in the same transaction and opens its triage task.
        timeline["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["incident.opened", "task.created"]);
        var first = timeline["items"]!.AsArray().First()!;
        first["type"]!.GetValue<string>().ShouldBe("incident.opened");
        first["incidentKey"]!.GetValue<string>().ShouldBe(incident["key"]!.GetValue<string>());
        first["actor"]!.GetValue<string>().ShouldBe("operator1");
        first["seq"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("operator1", "S1", "douyin", "fraud-scam")]
    [InlineData("lead1", "S3", "tiktok-live", "guild-violation")]
    public async Task The_workflow_returned_on_open_is_the_one_the_incident_then_shows(string user, string severity, string businessLine, string category)
    {
        // OpenIncident builds the workflow part from the start run, without reading it back inside the transaction.
        var client = await server.SignIn(user);
        var opened = await ApiCalls.Open(client, ApiCalls.NewIncident(severity: severity, businessLine: businessLine, category: category));
        var details = await ApiCalls.GetJson(client, $"/api/incidents/{opened["id"]}");
        opened["workflow"]!.ToJsonString().ShouldBe(details["workflow"]!.ToJsonString());
        opened["workflow"]!["availableActions"]!.AsArray().Count.ShouldBe(user == "operator1" && category != "guild-violation" ? 1 : 0);
    }

    [Fact]
    public async Task Keys_are_sequential_within_the_year()
    {
        var client = await server.SignIn("operator1");
        var a = (await ApiCalls.Open(client))["key"]!.GetValue<string>();
        var b = (await ApiCalls.Open(client))["key"]!.GetValue<string>();
        int.Parse(b[^6..]).ShouldBe(int.Parse(a[^6..]) + 1);
        a[..9].ShouldBe("INC-2026-");
    }

    [Fact]
    public async Task Sql_metacharacters_and_chinese_text_are_stored_and_returned_verbatim()
    {
        var client = await server.SignIn("operator1");
        const string title = "直播间诈骗 '; drop table incidents; -- \"x\" %_\\";
        const string summary = "未成年人 -- /* */ ' or 1=1; 🙂";
        var incident = await ApiCalls.Open(client, new { title, summary, businessLine = "douyin", category = "minor-safety", severity = "S1", source = "feedback", tags = new[] { "标签", "a'b" } });
        var fetched = await ApiCalls.GetJson(client, $"/api/incidents/{incident["id"]}");
        fetched["title"]!.GetValue<string>().ShouldBe(title);
        fetched["summary"]!.GetValue<string>().ShouldBe(summary);
        fetched["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["标签", "a'b"]);

        var found = await ApiCalls.GetJson(client, "/api/incidents?q=" + Uri.EscapeDataString("诈骗 '; drop"));
        found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldContain(incident["id"]!.GetValue<string>());
        var wildcard = await ApiCalls.GetJson(client, "/api/incidents?q=" + Uri.EscapeDataString("%_\\"));
        wildcard["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Lists_filter_and_page()
    {
        var client = await server.SignIn("operator1");
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await ApiCalls.Open(client, ApiCalls.NewIncident(title: $"{marker} guild {i}", businessLine: "tiktok-live", category: "guild-violation", severity: "S3"));
        }

        var page1 = await ApiCalls.GetJson(client, $"/api/incidents?q={marker}&category=guild-violation&severity=S3&pageSize=2&page=1");
        page1["total"]!.GetValue<int>().ShouldBe(3);
        page1["items"]!.AsArray().Count.ShouldBe(2);
        page1["pageSize"]!.GetValue<int>().ShouldBe(2);
        var page2 = await ApiCalls.GetJson(client, $"/api/incidents?q={marker}&pageSize=2&page=2");
        page2["items"]!.AsArray().Count.ShouldBe(1);
        var none = await ApiCalls.GetJson(client, $"/api/incidents?q={marker}&severity=S1");
        none["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Same_idempotency_key_and_body_returns_the_first_result_and_creates_one_incident()
    {
        var client = await server.SignIn("operator1");
        var body = ApiCalls.NewIncident(title: "idempotent " + Guid.NewGuid());
        var first = await ApiCalls.Open(client, body, "key-1");
        var second = await ApiCalls.Open(client, body, "key-1");
        second.ToJsonString().ShouldBe(first.ToJsonString());
        (await server.Scalar<long>("select count(*) from incidents where id = @id", new { id = Guid.Parse(first["id"]!.GetValue<string>()) })).ShouldBe(1);

        // The key is scoped to the caller: another user with the same key gets its own incident.
        var lead = await server.SignIn("lead1");
        var other = await ApiCalls.Open(lead, body, "key-1");
        other["id"]!.GetValue<string>().ShouldNotBe(first["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Same_idempotency_key_with_another_body_is_422_and_creates_nothing()
    {
        var client = await server.SignIn("operator1");
        await ApiCalls.Open(client, ApiCalls.NewIncident(title: "first body"), "key-2");
        var before = await server.Scalar<long>("select count(*) from incidents");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(ApiCalls.NewIncident(title: "second body")) };
        request.Headers.Add("Idempotency-Key", "key-2");
        var problem = await ApiCalls.Problem(await client.SendAsync(request), HttpStatusCode.UnprocessableEntity);
        problem["detail"]!.GetValue<string>().ShouldContain("key-2");
        (await server.Scalar<long>("select count(*) from incidents")).ShouldBe(before);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_create_exactly_one_incident()
    {
        var client = await server.SignIn("operator1");
        var body = ApiCalls.NewIncident(title: "concurrent " + Guid.NewGuid());
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "concurrent-key");
            var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        responses.Select(r => r.Body).Distinct().Count().ShouldBe(1);
        (await server.Scalar<long>("select count(*) from incidents where title = @title", new { title = ((dynamic)body).title })).ShouldBe(1);
    }

    [Fact]
    public async Task An_idempotency_key_that_is_not_printable_ascii_is_400()
    {
        var client = await server.SignIn("operator1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(ApiCalls.NewIncident()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 201));
        var problem = await ApiCalls.Problem(await client.SendAsync(request), HttpStatusCode.BadRequest);
        problem["errors"]!["Idempotency-Key"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Times_are_utc_iso_8601()
    {
        var client = await server.SignIn("operator1");
        using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(ApiCalls.NewIncident()), Encoding.UTF8, "application/json");
        var raw = await (await client.PostAsync("/api/incidents", content)).Content.ReadAsStringAsync();
        raw.ShouldContain("\"openedAt\":\"2026-11-22T08:00:00Z\"", Case.Sensitive, raw);
    }

    [GeneratedRegex(@"^INC-\d{4}-\d{6}$")]
    private static partial Regex KeyPattern();
}
