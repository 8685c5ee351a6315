using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Workflows;

/// <summary>ADR-0008: on PostgreSQL Quartz keeps the sweep's trigger in the shared database (clustered store).</summary>
public sealed class TimerSweepSchedulingTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task On_postgres_the_sweep_trigger_lives_in_the_clustered_quartz_store()
    {
        if (server.Services.GetRequiredService<SqlDialect>().Provider != DatabaseProvider.Postgres)
        {
            return; // SQLite and SQL Server use Quartz's in-memory store: nothing to see in the database.
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        long triggers = 0;
        while (DateTime.UtcNow < deadline)
        {
            var tables = await server.Scalar<long>("select count(*) from information_schema.tables where table_name = 'qrtz_triggers'");
            triggers = tables == 0 ? 0 : await server.Scalar<long>("select count(*) from qrtz_triggers where trigger_name = 'fire-due-timers-every-second'");
            if (triggers == 1)
            {
                break;
            }

            await Task.Delay(200);
        }

        triggers.ShouldBe(1);
        (await server.Scalar<long>("select count(*) from qrtz_scheduler_state")).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Quartz_fires_a_due_handoff_timer_without_anyone_calling_the_sweep()
    {
        var op = await server.SignIn("operator1");
        var id = await WorkflowCalls.OpenToEscalation(op);
        server.Clock.Advance(TimeSpan.FromMinutes(16));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var statuses = Array.Empty<string>();
        while (DateTime.UtcNow < deadline)
        {
            statuses = [.. (await WorkflowCalls.Handoffs(op, id)).Select(h => h["status"]!.GetValue<string>())];
            if (statuses.All(s => s == "expired"))
            {
                break;
            }

            await Task.Delay(250);
        }

        statuses.ShouldBe(["expired", "expired"]);
        (await WorkflowCalls.Types(op, id)).Count(t => t == "sla.breached").ShouldBe(2);
    }
}
