using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Auth;

/// <summary>
/// API.md "Who may do what" and "Visibility", role × own/other department × endpoint. The incident
/// is owned by risk-ops with a pending handoff to review-ops: review1 is an involved partner,
/// guild1 (live-guild-ops) an uninvolved one.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Operator = "operator1";
    private const string InvolvedPartner = "review1";
    private const string OtherPartner = "guild1";
    private const string Leader = "lead1";
    private const string Admin = "admin";

    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        void Row(string method, string path, int op, int involved, int other, int leader, int admin)
        {
            data.Add(Operator, method, path, op);
            data.Add(InvolvedPartner, method, path, involved);
            data.Add(OtherPartner, method, path, other);
            data.Add(Leader, method, path, leader);
            data.Add(Admin, method, path, admin);
        }

        Row("GET", "/api/incidents/{incident}", 200, 200, 404, 200, 200);
        Row("GET", "/api/incidents/{incident}/timeline", 200, 200, 404, 200, 200);
        Row("GET", "/api/incidents/{incident}/handoffs", 200, 200, 404, 200, 200);
        Row("PATCH", "/api/incidents/{incident}", 200, 403, 404, 200, 200);
        Row("POST", "/api/incidents/{incident}/handoffs", 201, 403, 404, 201, 201);
        Row("POST", "/api/incidents", 201, 403, 403, 201, 201);
        Row("POST", "/api/handoffs/{handoff}/accept", 403, 200, 404, 200, 200);
        Row("POST", "/api/handoffs/{handoff}/decline", 403, 200, 404, 200, 200);
        Row("GET", "/api/board", 200, 403, 403, 200, 200);
        Row("GET", "/api/users", 403, 403, 403, 403, 200);
        Row("POST", "/api/users", 403, 403, 403, 403, 201);
        Row("PUT", "/api/users/guild1", 403, 403, 403, 403, 200);
        Row("GET", "/api/reference", 200, 200, 200, 200, 200);
        Row("GET", "/api/handoffs?direction=incoming", 200, 200, 200, 200, 200);
        Row("GET", "/api/events", 200, 200, 200, 200, 200);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_what_the_contract_says(string user, string method, string template, int expected)
    {
        var op = await server.SignIn(Operator);
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoffId = (await ApiCalls.RequestHandoff(op, incidentId, "review-ops"))["id"]!.GetValue<string>();
        var path = template.Replace("{incident}", incidentId).Replace("{handoff}", handoffId);
        var client = await server.SignIn(user);

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = BodyFor(method, template) };
        var response = await client.SendAsync(request);
        if ((int)response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"{user} {method} {template}: expected {expected}, got {(int)response.StatusCode}: {body}");
        }

        if (expected >= 400)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Theory]
    [InlineData("GET", "/api/incidents")]
    [InlineData("POST", "/api/incidents")]
    [InlineData("GET", "/api/events")]
    [InlineData("GET", "/api/board")]
    [InlineData("GET", "/api/handoffs")]
    [InlineData("GET", "/api/users")]
    [InlineData("GET", "/api/reference")]
    public async Task Every_api_route_needs_a_bearer_token(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        (await server.Anonymous().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var forged = server.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJl");
        using var again = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        (await forged.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_uninvolved_partner_never_sees_the_incident_in_lists_events_or_handoffs()
    {
        var op = await server.SignIn(Operator);
        var marker = "secret-" + Guid.NewGuid().ToString("N")[..8];
        var incidentId = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: marker)))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, incidentId, "review-ops");

        var other = await server.SignIn(OtherPartner);
        (await ApiCalls.GetJson(other, $"/api/incidents?q={marker}"))["total"]!.GetValue<int>().ShouldBe(0);
        var events = await ApiCalls.GetJson(other, "/api/events?after=0&limit=1000");
        events["items"]!.AsArray().ShouldNotContain(e => e!["incidentId"]!.GetValue<string>() == incidentId);
        var inbox = await ApiCalls.GetJson(other, "/api/handoffs?direction=incoming&pageSize=200");
        inbox["items"]!.AsArray().ShouldNotContain(h => h!["incidentId"]!.GetValue<string>() == incidentId);

        var involved = await server.SignIn(InvolvedPartner);
        (await ApiCalls.GetJson(involved, $"/api/incidents?q={marker}"))["total"]!.GetValue<int>().ShouldBe(1);
        var theirEvents = await ApiCalls.GetJson(involved, "/api/events?after=0&limit=1000");
        theirEvents["items"]!.AsArray().Where(e => e!["incidentId"]!.GetValue<string>() == incidentId)
            .Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["incident.opened", "task.created", "handoff.requested"]);
        var theirInbox = await ApiCalls.GetJson(involved, "/api/handoffs?direction=incoming&status=pending&pageSize=200");
        theirInbox["items"]!.AsArray().ShouldContain(h => h!["incidentId"]!.GetValue<string>() == incidentId);
    }

    [Fact]
    public async Task Accepting_a_handoff_keeps_the_department_involved_and_events_carry_the_departments()
    {
        var op = await server.SignIn(Operator);
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoffId = (await ApiCalls.RequestHandoff(op, incidentId, "live-guild-ops"))["id"]!.GetValue<string>();
        var guild = await server.SignIn(OtherPartner);
        (await guild.PostAsJsonAsync($"/api/handoffs/{handoffId}/accept", new { })).EnsureSuccessStatusCode();

        var incident = await ApiCalls.GetJson(guild, $"/api/incidents/{incidentId}");
        incident["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["live-guild-ops", "risk-ops"], ignoreOrder: true);
        var timeline = await ApiCalls.GetJson(guild, $"/api/incidents/{incidentId}/timeline");
        var accepted = timeline["items"]!.AsArray().Last()!;
        accepted["type"]!.GetValue<string>().ShouldBe("handoff.accepted");
        accepted["actor"]!.GetValue<string>().ShouldBe("guild1");
        accepted["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain("live-guild-ops");
    }

    private static JsonContent? BodyFor(string method, string template) => (method, template) switch
    {
        ("GET", _) => null,
        ("PATCH", _) => JsonContent.Create(new { summary = "edited" }),
        ("POST", "/api/incidents") => JsonContent.Create(ApiCalls.NewIncident()),
        ("POST", "/api/incidents/{incident}/handoffs") => JsonContent.Create(new { toDepartment = "legal", note = "Legal review please", acceptWithinMinutes = 30 }),
        ("POST", "/api/handoffs/{handoff}/accept") => JsonContent.Create(new { note = "on it" }),
        ("POST", "/api/handoffs/{handoff}/decline") => JsonContent.Create(new { reason = "not ours" }),
        ("POST", "/api/users") => JsonContent.Create(new { username = "u" + Guid.NewGuid().ToString("N")[..10], displayName = "New", password = "long-enough-pass", roles = new[] { "partner" }, department = "comms" }),
        ("PUT", _) => JsonContent.Create(new { displayName = "Guild partner" }),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template),
    };
}
