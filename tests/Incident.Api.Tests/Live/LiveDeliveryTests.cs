using System.Text.Json;
using Incident.Api.Features.Live;
using Incident.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Live;

/// <summary>Issue 4 item 1: /hubs/incidents with real SignalR clients over WebSockets.</summary>
public sealed class LiveDeliveryTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_partner_receives_the_events_of_an_incident_handed_off_to_its_department_and_another_partner_receives_none()
    {
        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");
        await using var guild = await LiveClient.Connect(server.BaseAddress, "guild1");
        await using var lead = await LiveClient.Connect(server.BaseAddress, "lead1");
        var operatorClient = await server.SignIn("operator1");

        var id = (await ApiCalls.Open(operatorClient))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorClient, id, "review-ops");

        await review.WaitForEvent(id, "handoff.requested");
        await lead.WaitForEvent(id, "handoff.requested");
        lead.Of(id).Select(Type).ShouldContain("incident.opened");
        // ADR-0009: the department snapshot of each event decides; review-ops' stream starts with the handoff.
        review.Of(id).ShouldAllBe(e => Departments(e).Contains("review-ops"));
        review.Of(id).Select(Type).ShouldNotContain("incident.opened");

        // A later marker event proves guild1's connection was live all along.
        var own = await OpenInvolving(operatorClient, "live-guild-ops");
        await guild.WaitForEvent(own, "handoff.requested");
        guild.Of(id).ShouldBeEmpty();
        guild.Events.ShouldAllBe(e => Departments(e).Contains("live-guild-ops"));
    }

    [Fact]
    public async Task Every_event_reaches_a_board_viewer_once_and_in_seq_order()
    {
        await using var lead = await LiveClient.Connect(server.BaseAddress, "lead1");
        var start = await LastSeq(await server.SignIn("lead1"));
        var operatorClient = await server.SignIn("operator1");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var id = (await ApiCalls.Open(operatorClient, ApiCalls.NewIncident(title: $"Ordering {i}")))["id"]!.GetValue<string>();
            await ApiCalls.RequestHandoff(operatorClient, id, i % 2 == 0 ? "review-ops" : "legal");
        }));

        var expected = await SeqsAfter(await server.SignIn("lead1"), start);
        expected.Count.ShouldBeGreaterThanOrEqualTo(16);
        await Eventually.True(() => lead.Seqs.Count(s => s > start) >= expected.Count, $"{expected.Count} events");
        lead.Seqs.Where(s => s > start).ShouldBe(expected);
    }

    [Fact]
    public async Task A_client_that_reconnects_catches_up_through_events_after_and_misses_nothing()
    {
        var reviewHttp = await server.SignIn("review1");
        var operatorClient = await server.SignIn("operator1");
        var seen = new SortedSet<long>();

        await using (var first = await LiveClient.Connect(server.BaseAddress, "review1"))
        {
            var id = await OpenInvolving(operatorClient, "review-ops");
            await first.WaitForEvent(id, "handoff.requested");
            seen.UnionWith(first.Seqs);
        }

        var missed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(await OpenInvolving(operatorClient, "review-ops"));
        }

        await using var second = await LiveClient.Connect(server.BaseAddress, "review1");
        seen.UnionWith(await SeqsAfter(reviewHttp, seen.Max));
        var after = await OpenInvolving(operatorClient, "review-ops");
        await second.WaitForEvent(after, "handoff.requested");
        seen.UnionWith(second.Seqs);

        var visible = (await ApiCalls.GetJson(reviewHttp, $"/api/events?after={seen.Min - 1}&limit=1000"))["items"]!.AsArray();
        seen.ShouldBeSubsetOf(visible.Select(e => e!["seq"]!.GetValue<long>()));
        var mustHave = visible
            .Where(e => missed.Contains(e!["incidentId"]!.GetValue<string>())
                || e!["departments"]!.AsArray().Any(d => d!.GetValue<string>() == "review-ops"))
            .Select(e => e!["seq"]!.GetValue<long>())
            .ToList();
        mustHave.Count.ShouldBeGreaterThan(missed.Count);
        mustHave.ShouldBeSubsetOf(seen);
    }

    [Fact]
    public async Task Watching_an_incident_the_caller_may_not_see_fails_with_not_found()
    {
        var operatorClient = await server.SignIn("operator1");
        var hidden = await OpenInvolving(operatorClient, "review-ops");
        await using var guild = await LiveClient.Connect(server.BaseAddress, "guild1");

        (await Should.ThrowAsync<HubException>(() => guild.Connection.InvokeAsync("Watch", hidden))).Message.ShouldContain("not found");
        (await Should.ThrowAsync<HubException>(() => guild.Connection.InvokeAsync("Watch", Guid.NewGuid().ToString()))).Message.ShouldContain("not found");

        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");
        await review.Connection.InvokeAsync("Watch", hidden);
        await review.Connection.InvokeAsync("Unwatch", hidden);
    }

    [Fact]
    public async Task A_watcher_whose_department_group_also_receives_the_incident_gets_each_event_once()
    {
        var operatorClient = await server.SignIn("operator1");
        var id = await OpenInvolving(operatorClient, "review-ops");
        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");
        await using var op = await LiveClient.Connect(server.BaseAddress, "operator1");
        await review.Connection.InvokeAsync("Watch", id);
        await op.Connection.InvokeAsync("Watch", id);

        await ApiCalls.RequestHandoff(operatorClient, id, "legal");
        await review.WaitForEvent(id, "handoff.requested");
        await op.WaitForEvent(id, "handoff.requested");
        var marker = await OpenInvolving(operatorClient, "review-ops");
        await review.WaitForEvent(marker, "handoff.requested");
        await op.WaitForEvent(marker, "handoff.requested");

        review.Seqs.ShouldBeUnique();
        op.Seqs.ShouldBeUnique();
        review.Of(id).Count.ShouldBe(1);
    }

    [Fact]
    public async Task SignalR_sends_once_per_group_so_a_connection_in_two_targeted_groups_gets_a_message_twice()
    {
        // Why LiveGroups puts each connection in exactly one delivery group and LiveWatchers is not a group.
        await using var lead = await LiveClient.Connect(server.BaseAddress, "lead1");
        var received = 0;
        lead.Connection.On<JsonElement>("probe", _ => Interlocked.Increment(ref received));
        var hub = server.Services.GetRequiredService<IHubContext<IncidentHub>>();

        await hub.Clients.Groups([LiveGroups.All, LiveGroups.Board]).SendAsync("probe", new { n = 1 });
        await hub.Clients.Groups([LiveGroups.All]).SendAsync("probe", new { n = 2 });

        await Eventually.True(() => Volatile.Read(ref received) >= 3, "three probes");
    }

    [Fact]
    public async Task A_connection_without_a_valid_token_is_refused()
    {
        await Should.ThrowAsync<Exception>(() => LiveClient.ConnectWithToken(server.BaseAddress, null));
        await Should.ThrowAsync<Exception>(() => LiveClient.ConnectWithToken(server.BaseAddress, "not-a-token"));

        using var anonymous = server.Anonymous();
        var response = await anonymous.PostAsync("/hubs/incidents/negotiate?negotiateVersion=1", null);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static string[] Departments(JsonElement e) => [.. e.GetProperty("departments").EnumerateArray().Select(d => d.GetString()!)];

    private static async Task<string> OpenInvolving(HttpClient operatorClient, string department)
    {
        var id = (await ApiCalls.Open(operatorClient))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorClient, id, department);
        return id;
    }

    private static async Task<long> LastSeq(HttpClient client)
    {
        var all = await SeqsAfter(client, 0);
        return all.Count == 0 ? 0 : all.Max();
    }

    private static async Task<List<long>> SeqsAfter(HttpClient client, long after)
    {
        var seqs = new List<long>();
        while (true)
        {
            var items = (await ApiCalls.GetJson(client, $"/api/events?after={after}&limit=1000"))["items"]!.AsArray();
            seqs.AddRange(items.Select(e => e!["seq"]!.GetValue<long>()));
            if (items.Count < 1000)
            {
                return seqs;
            }

            after = seqs[^1];
        }
    }
}
