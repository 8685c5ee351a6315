using System.Net.Http.Headers;
using Incident.Api.Features.Live;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Incident.Api.Tests.Live;

/// <summary>
/// Issue 4 item 2: on PostgreSQL two API processes share the database and every client receives
/// every event it may see exactly once, whichever node wrote it. SQLite is one node by nature:
/// there the same test asserts the single-node path (no LISTEN, delivery from the local commit).
/// </summary>
public sealed class MultiNodeTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Clients_on_either_node_receive_each_event_they_may_see_once()
    {
        if (server.Database.Provider != DatabaseProvider.Postgres)
        {
            await Single_node_delivers_from_the_local_commit_without_a_database_listener();
            return;
        }

        await using var nodeB = await ApiProcess.StartAsync(server.Database);
        await using var leadA = await LiveClient.Connect(server.BaseAddress, "lead1");
        await using var leadB = await LiveClient.Connect(nodeB.BaseAddress, "lead1");
        await using var reviewB = await LiveClient.Connect(nodeB.BaseAddress, "review1");
        await using var guildB = await LiveClient.Connect(nodeB.BaseAddress, "guild1");

        var operatorA = await server.SignIn("operator1");
        var operatorB = await SignIn(nodeB.BaseAddress, "operator1");
        var fromA = (await ApiCalls.Open(operatorA))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorA, fromA, "review-ops");
        var fromB = (await ApiCalls.Open(operatorB))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorB, fromB, "live-guild-ops");

        await reviewB.WaitForEvent(fromA, "handoff.requested", TimeSpan.FromSeconds(15));
        await guildB.WaitForEvent(fromB, "handoff.requested", TimeSpan.FromSeconds(15));
        var written = await EventsOf(operatorA, fromA, fromB);
        foreach (var lead in new[] { leadA, leadB })
        {
            await Eventually.True(() => written.All(lead.Seqs.Contains), "every event on both nodes", TimeSpan.FromSeconds(15));
        }

        // Let a poll interval pass: a late duplicate (NOTIFY plus local commit plus poll) would show now.
        await Task.Delay(LiveDispatcher.PollInterval + TimeSpan.FromMilliseconds(500));
        foreach (var client in new[] { leadA, leadB, reviewB, guildB })
        {
            client.Seqs.ShouldBeUnique();
            client.Seqs.ShouldBeInOrder();
        }

        reviewB.Of(fromB).ShouldBeEmpty();
        guildB.Of(fromA).ShouldBeEmpty();
    }

    private async Task Single_node_delivers_from_the_local_commit_without_a_database_listener()
    {
        // .NET 10 runs ExecuteAsync on the thread pool: the SQLite no-op finishes shortly after start.
        var signal = server.Services.GetServices<IHostedService>().OfType<PostgresEventSignal>().Single();
        await Eventually.True(() => signal.ExecuteTask is { IsCompletedSuccessfully: true }, "the PostgreSQL listener to stand down on SQLite");
        await using var leadA = await LiveClient.Connect(server.BaseAddress, "lead1");
        await using var leadB = await LiveClient.Connect(server.BaseAddress, "lead1");
        var operatorA = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(operatorA))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(operatorA, id, "review-ops");
        var written = await EventsOf(operatorA, id);

        foreach (var lead in new[] { leadA, leadB })
        {
            await Eventually.True(() => written.All(lead.Seqs.Contains), "every event");
        }

        await Task.Delay(LiveDispatcher.PollInterval + TimeSpan.FromMilliseconds(500));
        leadA.Seqs.ShouldBeUnique();
        leadB.Seqs.ShouldBe(leadA.Seqs);
    }

    private static async Task<HttpClient> SignIn(Uri baseAddress, string username)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LiveClient.TokenFor(baseAddress, username));
        return client;
    }

    private static async Task<List<long>> EventsOf(HttpClient client, params string[] incidentIds)
    {
        var seqs = new List<long>();
        foreach (var id in incidentIds)
        {
            var timeline = await ApiCalls.GetJson(client, $"/api/incidents/{id}/timeline");
            seqs.AddRange(timeline["items"]!.AsArray().Select(e => e!["seq"]!.GetValue<long>()));
        }

        return seqs;
    }
}
