using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Incident.Api.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Incident.Api.Tests.Faults;

/// <summary>
/// Issue 11 item 4: kill -9 of the service under write load. Every acknowledged (2xx) write is there
/// after a restart on the same database, a retry of an unacknowledged one with its Idempotency-Key
/// gives one incident, and handoff SLA timers that fell due while the service was dead fire once, late.
/// </summary>
[Trait("Category", FaultCalls.Trait)]
public sealed class KillNineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_none_duplicated_and_due_timers_fire_once_after_restart()
    {
        FaultCalls.RequirePostgres();
        await using var database = await TestDatabase.CreateAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var opened = new ConcurrentDictionary<string, string>();      // Idempotency-Key → incident id (201 seen)
        var unacknowledged = new ConcurrentBag<string>();              // keys whose answer never came
        var handoffs = new ConcurrentDictionary<string, string>();     // handoff id → incident id (201 seen)
        var refused = new ConcurrentBag<int>();

        var node = await ApiProcess.StartAsync(database);
        using var client = await FaultCalls.SignIn(node.BaseAddress, "operator1");
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"{run}-{w}-{i}";
                try
                {
                    using var response = await client.SendAsync(FaultCalls.OpenRequest(key, $"kill9 {key}"));
                    if (!response.IsSuccessStatusCode)
                    {
                        refused.Add((int)response.StatusCode);
                        continue;
                    }

                    var id = (await ApiCalls.Body(response))["id"]!.GetValue<string>();
                    opened[key] = id;
                    using var handoff = await client.SendAsync(FaultCalls.HandoffRequest(id));
                    if (handoff.StatusCode == HttpStatusCode.Created)
                    {
                        handoffs[(await ApiCalls.Body(handoff))["id"]!.GetValue<string>()] = id;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (!opened.ContainsKey(key))
                    {
                        unacknowledged.Add(key);
                    }

                    await Task.Delay(50);
                }
            }
        })).ToArray();

        await Eventually.True(() => opened.Count >= 30, "writes to be acknowledged before the kill", TimeSpan.FromSeconds(30));
        await node.KillAsync();
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(writers);
        await node.DisposeAsync();

        // While the service is dead the handoffs' acceptance SLA passes (moved into the past instead of waiting a minute).
        await using (var sql = new NpgsqlConnection(database.ConnectionString))
        {
            await sql.ExecuteAsync("update handoffs set due_at = now() - interval '5 seconds' where status = 'pending' and id = any(@ids)",
                new { ids = handoffs.Keys.Select(Guid.Parse).ToArray() });
        }

        await using var restarted = await ApiProcess.StartAsync(database);
        using var after = await FaultCalls.SignIn(restarted.BaseAddress, "operator1");
        var missing = 0;
        foreach (var (_, id) in opened)
        {
            using var response = await after.GetAsync($"/api/incidents/{id}");
            missing += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
        }

        var retried = 0;
        foreach (var key in unacknowledged.Distinct())
        {
            using var response = await after.SendAsync(FaultCalls.OpenRequest(key, $"kill9 {key}"));
            ((int)response.StatusCode).ShouldBeInRange(200, 201, $"retry of {key}: {await response.Content.ReadAsStringAsync()}");
            retried++;
        }

        await using var db = new NpgsqlConnection(database.ConnectionString);
        var titles = (await db.QueryAsync<(string Title, long Count)>(
            "select title, count(*) from incidents where title like @prefix group by title", new { prefix = $"kill9 {run}-%" })).ToList();
        var ids = handoffs.Keys.Select(Guid.Parse).ToArray();
        await FaultCalls.Until(
            async () => await db.ExecuteScalarAsync<long>("select count(*) from handoffs where id = any(@ids) and status = 'pending'", new { ids }) == 0,
            "every overdue handoff to expire after the restart", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more sweeps: a second firing would show now
        var expiries = (await db.QueryAsync<long>(
            """
            select count(*) from events
            where incident_id = any(@incidents) and type = 'handoff.expired' group by incident_id
            """, new { incidents = handoffs.Values.Select(Guid.Parse).ToArray() })).ToList();

        output.WriteLine($"acknowledged {opened.Count} incidents, found {opened.Count - missing}; unacknowledged {unacknowledged.Distinct().Count()} retried {retried}; " +
            $"refused {refused.Count}; handoffs acknowledged {handoffs.Count}, expiry events {expiries.Sum()} over {expiries.Count} handoffs");
        missing.ShouldBe(0);
        titles.ShouldAllBe(t => t.Count == 1, "an Idempotency-Key retried after the kill must not open a second incident");
        titles.Count.ShouldBe(opened.Keys.Union(unacknowledged).Distinct().Count());
        expiries.Count.ShouldBe(handoffs.Count);
        expiries.ShouldAllBe(c => c == 1, "each due timer fires exactly once after the restart");
    }
}
