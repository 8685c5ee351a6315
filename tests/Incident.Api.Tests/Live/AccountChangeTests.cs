using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Incident.Api.Tests.Live;

/// <summary>A live connection's group comes from its token: an account change must end the connection, not leave it in the old group.</summary>
public sealed class AccountChangeTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Moving_a_partner_to_another_department_closes_its_live_connection_and_its_old_token_cannot_reconnect()
    {
        var admin = await server.SignIn("admin");
        await CreateUser(admin, "mover1", "review-ops");
        await using var mover = await LiveClient.Connect(server.BaseAddress, "mover1");
        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");
        var operatorClient = await server.SignIn("operator1");
        var before = await OpenInvolving(operatorClient, "review-ops");
        await mover.WaitForEvent(before, "handoff.requested");

        (await admin.PutAsJsonAsync("/api/users/mover1", new { department = "legal" })).EnsureSuccessStatusCode();
        await Eventually.True(() => mover.Connection.State == HubConnectionState.Disconnected, "the moved partner's connection to close");

        // review1 was not changed: its connection stays and keeps receiving review-ops events.
        var after = await OpenInvolving(operatorClient, "review-ops");
        await review.WaitForEvent(after, "handoff.requested");
        review.Connection.State.ShouldBe(HubConnectionState.Connected);
        mover.Of(after).ShouldBeEmpty();
        await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(() => LiveClient.ConnectWithToken(server.BaseAddress, mover.Token));
        using var stale = server.Anonymous();
        stale.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", mover.Token);
        (await stale.PostAsync("/hubs/incidents/negotiate?negotiateVersion=1", null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Disabling_an_account_closes_its_live_connections()
    {
        var admin = await server.SignIn("admin");
        await CreateUser(admin, "leaver1", "legal");
        await using var first = await LiveClient.Connect(server.BaseAddress, "leaver1");
        await using var second = await LiveClient.Connect(server.BaseAddress, "leaver1");

        (await admin.PutAsJsonAsync("/api/users/leaver1", new { disabled = true })).EnsureSuccessStatusCode();
        await Eventually.True(
            () => first.Connection.State == HubConnectionState.Disconnected && second.Connection.State == HubConnectionState.Disconnected,
            "both of the disabled account's connections to close");
    }

    private static async Task CreateUser(HttpClient admin, string username, string department)
    {
        var response = await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = username, password = ApiServer.Password, roles = new[] { "partner" }, department,
        });
        await ApiCalls.Expect(response, System.Net.HttpStatusCode.Created);
    }

    private static async Task<string> OpenInvolving(HttpClient operatorClient, string department)
    {
        var id = (await ApiCalls.Open(operatorClient))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorClient, id, department);
        return id;
    }
}
