using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Workflows;

/// <summary>DESIGN.md "Workflow engine" 2-4: timers fire once through the sweep; a late answer is a clean 409.</summary>
public sealed class SlaTimerTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task An_unaccepted_handoff_expires_by_the_sweep_escalates_the_incident_and_records_the_breach()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var id = await WorkflowCalls.OpenToEscalation(op);
        var card = (await ApiCalls.GetJson(lead, "/api/board"))["columns"]!.AsArray()
            .SelectMany(c => c!["incidents"]!.AsArray()).Single(c => c!["id"]!.GetValue<string>() == id)!;
        card["slaDueAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow().AddMinutes(15));
        card["slaBreached"]!.GetValue<bool>().ShouldBeFalse();

        server.Clock.Advance(TimeSpan.FromMinutes(16));
        (await WorkflowCalls.Sweep(server)).ShouldBeGreaterThanOrEqualTo(2);
        (await WorkflowCalls.Sweep(server)).ShouldBe(0);

        var incident = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        incident["stage"]!.GetValue<string>().ShouldBe("governance");
        var handoffs = await WorkflowCalls.Handoffs(op, id);
        handoffs.Select(h => h["status"]!.GetValue<string>()).ShouldBe(["expired", "expired"]);
        var types = await WorkflowCalls.Types(op, id);
        types.Count(t => t == "handoff.expired").ShouldBe(2);
        types.Count(t => t == "sla.breached").ShouldBe(2);
        types.Count(t => t == "incident.escalated").ShouldBe(2);
        var timeline = await WorkflowCalls.Timeline(op, id);
        timeline.Where(e => e["type"]!.GetValue<string>() == "incident.escalated").Select(e => e["actor"]!.GetValue<string>()).ShouldAllBe(a => a == "workflow");
        timeline.Last(e => e["type"]!.GetValue<string>() == "incident.escalated")["data"]!["to"]!.GetValue<int>().ShouldBe(2);

        // The breach stays on the board after the escalation moved the incident on, and the header counts the same cards.
        lead = await server.SignIn("lead1");
        var board = await ApiCalls.GetJson(lead, "/api/board");
        var cards = board["columns"]!.AsArray().SelectMany(c => c!["incidents"]!.AsArray()).ToList();
        var breached = cards.Single(c => c!["id"]!.GetValue<string>() == id)!;
        breached["slaBreached"]!.GetValue<bool>().ShouldBeTrue();
        breached["breaches"]!.GetValue<int>().ShouldBe(2);
        breached["firstBreachedAt"]!.GetValue<DateTimeOffset>().ShouldBeLessThanOrEqualTo(server.Clock.GetUtcNow());
        board["counts"]!["breached"]!.GetValue<int>().ShouldBe(cards.Count(c => c!["slaBreached"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Late_accept_after_timer_escalation_is_a_409_and_nothing_runs_twice()
    {
        var op = await server.SignIn("operator1");
        var review = await server.SignIn("review1");
        var id = await WorkflowCalls.OpenToEscalation(op);
        var handoff = await WorkflowCalls.HandoffTo(op, id, "review-ops");
        server.Clock.Advance(TimeSpan.FromMinutes(16));
        await WorkflowCalls.Sweep(server);
        var before = await WorkflowCalls.Types(op, id);

        var late = await review.PostAsJsonAsync($"/api/handoffs/{handoff}/accept", new { note = "sorry, late" });
        var problem = await ApiCalls.Problem(late, HttpStatusCode.Conflict);
        problem["type"]!.GetValue<string>().ShouldEndWith("/handoff-not-pending");
        problem["current"]!["status"]!.GetValue<string>().ShouldBe("expired");

        (await WorkflowCalls.Types(op, id)).ShouldBe(before);
        before.Count(t => t == "handoff.expired").ShouldBe(2);
        (await server.Scalar<long>(
            "select count(*) from events where incident_id = @id and type = 'handoff.expired' and data like @handoff",
            new { id = Guid.Parse(id), handoff = $"%{handoff}%" })).ShouldBe(1);
    }

    [Fact]
    public async Task Accept_racing_the_sweep_has_exactly_one_winner_every_round()
    {
        var op = await server.SignIn("operator1");
        var review = await server.SignIn("review1");
        for (var round = 0; round < 20; round++)
        {
            var id = await WorkflowCalls.OpenToEscalation(op);
            var handoff = await WorkflowCalls.HandoffTo(op, id, "review-ops");
            server.Clock.Advance(TimeSpan.FromMinutes(16));

            var accept = review.PostAsJsonAsync($"/api/handoffs/{handoff}/accept", new { });
            var sweep = Task.Run(() => WorkflowCalls.Sweep(server));
            var response = await accept;
            await sweep;

            var answer = (await WorkflowCalls.Handoffs(op, id)).Single(h => h["id"]!.GetValue<string>() == handoff)["status"]!.GetValue<string>();
            var types = await WorkflowCalls.Types(op, id);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answer.ShouldBe("accepted", $"round {round}");
                types.Count(t => t == "handoff.accepted").ShouldBe(1, $"round {round}");
                types.Count(t => t == "handoff.expired").ShouldBe(1, $"round {round}: only the partner handoff expires");
            }
            else
            {
                (await ApiCalls.Problem(response, HttpStatusCode.Conflict))["type"]!.GetValue<string>().ShouldEndWith("/handoff-not-pending");
                answer.ShouldBe("expired", $"round {round}");
                types.Count(t => t == "handoff.accepted").ShouldBe(0, $"round {round}");
                types.Count(t => t == "handoff.expired").ShouldBe(2, $"round {round}");
            }

            (await ApiCalls.GetJson(op, $"/api/incidents/{id}"))["stage"]!.GetValue<string>().ShouldBe("governance", $"round {round}");
        }
    }

    [Fact]
    public async Task A_manual_handoff_past_its_due_time_expires_by_the_sweep_with_a_breach()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoff = (await ApiCalls.RequestHandoff(op, id, "legal", acceptWithinMinutes: 5))["id"]!.GetValue<string>();
        await WorkflowCalls.Sweep(server);
        (await WorkflowCalls.Handoffs(op, id)).Single()["status"]!.GetValue<string>().ShouldBe("pending");

        server.Clock.Advance(TimeSpan.FromMinutes(6));
        await WorkflowCalls.Sweep(server);
        await WorkflowCalls.Sweep(server);

        var expired = (await WorkflowCalls.Handoffs(op, id)).Single();
        expired["status"]!.GetValue<string>().ShouldBe("expired");
        expired["workflowInstanceId"].ShouldBeNull();
        var types = await WorkflowCalls.Types(op, id);
        types.Count(t => t == "handoff.expired").ShouldBe(1);
        types.Count(t => t == "sla.breached").ShouldBe(1);
        var lead = await server.SignIn("lead1");
        var legal = await lead.PostAsJsonAsync($"/api/handoffs/{handoff}/accept", new { });
        (await ApiCalls.Problem(legal, HttpStatusCode.Conflict))["type"]!.GetValue<string>().ShouldEndWith("/handoff-not-pending");
    }

    [Fact]
    public async Task An_overdue_flash_report_escalates_and_the_late_task_replaces_it()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S1")))["id"]!.GetValue<string>();
        await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S1" });
        var first = await WorkflowCalls.ActOk(op, id, "assess", new { affectedContent = 1, exposure = 1, spreadPerHour = 1, severity = "S1" });
        var bookmark = first["workflow"]!["availableActions"]![0]!["bookmarkId"]!.GetValue<string>();

        server.Clock.Advance(TimeSpan.FromMinutes(31));
        await WorkflowCalls.Sweep(server);

        var after = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        after["escalationLevel"]!.GetValue<int>().ShouldBe(1);
        var late = after["workflow"]!["availableActions"]!.AsArray().Single()!;
        late["action"]!.GetValue<string>().ShouldBe("publish-flash-report");
        late["bookmarkId"]!.GetValue<string>().ShouldNotBe(bookmark);
        (await WorkflowCalls.Timeline(op, id)).ShouldContain(e => e["type"]!.GetValue<string>() == "task.completed" && e["data"]!["outcome"]!.GetValue<string>() == "Overdue");
        (await WorkflowCalls.Types(op, id)).Count(t => t == "sla.breached").ShouldBe(1);
        var lead = await server.SignIn("lead1");
        var card = (await ApiCalls.GetJson(lead, "/api/board"))["columns"]!.AsArray()
            .SelectMany(c => c!["incidents"]!.AsArray()).Single(c => c!["id"]!.GetValue<string>() == id)!;
        card["slaBreached"]!.GetValue<bool>().ShouldBeTrue();
        card["overdueNow"]!.GetValue<bool>().ShouldBeFalse();
    }
}
