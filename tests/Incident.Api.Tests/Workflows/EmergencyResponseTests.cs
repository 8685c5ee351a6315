using System.Net;
using System.Net.Http.Json;
using Incident.Api.Features.Workflows;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Workflows;

/// <summary>The seeded definitions walked over HTTP by the roles they name (issue 3, items 5-7).</summary>
public sealed class EmergencyResponseTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task An_S1_incident_walks_the_seeded_emergency_response_from_open_to_closed()
    {
        var op = await server.SignIn("operator1");
        var opened = await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S1"));
        var id = opened["id"]!.GetValue<string>();
        opened["workflow"]!["definitionId"]!.GetValue<string>().ShouldBe("emergency-response");
        opened["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(1);
        opened["workflow"]!["status"]!.GetValue<string>().ShouldBe("suspended");
        var triage = opened["workflow"]!["availableActions"]!.AsArray().Single()!;
        triage["action"]!.GetValue<string>().ShouldBe("triage");
        triage["allowedRoles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["operator"]);
        triage["inputSchema"]!["properties"]!["outcome"]!["enum"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["Confirmed", "Dismissed"]);
        triage["bookmarkId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        var afterTriage = await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S1" });
        afterTriage["stage"]!.GetValue<string>().ShouldBe("assessment");
        WorkflowCalls.Actions(afterTriage).ShouldBe(["assess"]);

        var afterAssess = await WorkflowCalls.ActOk(op, id, "assess",
            new { affectedContent = 1200, exposure = 50000, spreadPerHour = 300.5, severity = "S1", partnerDepartment = "live-guild-ops" });
        WorkflowCalls.Actions(afterAssess).ShouldBe(["publish-flash-report"]);
        afterAssess["workflow"]!["availableActions"]![0]!["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow().AddMinutes(30));

        var escalated = await WorkflowCalls.ActOk(op, id, "publish-flash-report", new { summary = "Flash: fraud live rooms surge" });
        escalated["stage"]!.GetValue<string>().ShouldBe("escalation");
        WorkflowCalls.Actions(escalated).ShouldBeEmpty();
        escalated["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["live-guild-ops", "review-ops", "risk-ops"], ignoreOrder: true);

        var review = await server.SignIn("review1");
        var guild = await server.SignIn("guild1");
        var reviewHandoff = await WorkflowCalls.HandoffTo(op, id, "review-ops");
        var guildHandoff = await WorkflowCalls.HandoffTo(op, id, "live-guild-ops");
        (await review.PostAsJsonAsync($"/api/handoffs/{reviewHandoff}/accept", new { note = "taking it down" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiCalls.GetJson(op, $"/api/incidents/{id}"))["stage"]!.GetValue<string>().ShouldBe("escalation");
        (await guild.PostAsJsonAsync($"/api/handoffs/{guildHandoff}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var governance = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        governance["stage"]!.GetValue<string>().ShouldBe("governance");
        // Issue 9: the governance gate waits for the incident's rules; it is no action anybody takes.
        WorkflowCalls.Actions(governance).ShouldBeEmpty();
        // A partner sees the incident (its department is involved) but no operator action.
        WorkflowCalls.Actions(await ApiCalls.GetJson(review, $"/api/incidents/{id}")).ShouldBeEmpty();

        // Without rules meeting their targets the 30-day window ends: escalated, and a revision is asked for.
        server.Clock.Advance(TimeSpan.FromDays(30));
        await server.Services.GetRequiredService<DueTimers>().FireAsync(CancellationToken.None);
        op = await server.SignIn("operator1");
        WorkflowCalls.Actions(await ApiCalls.GetJson(op, $"/api/incidents/{id}")).ShouldBe(["revise-governance"]);
        var closure = await WorkflowCalls.ActOk(op, id, "revise-governance", new { outcome = "CloseAnyway", note = "Handled by the partner teams." });
        closure["stage"]!.GetValue<string>().ShouldBe("closure");
        var closed = await WorkflowCalls.ActOk(op, id, "close-review", new { reviewSummary = "Contained within the hour." });

        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["closedAt"].ShouldNotBeNull();
        closed["workflow"]!["status"]!.GetValue<string>().ShouldBe("finished");
        WorkflowCalls.Actions(closed).ShouldBeEmpty();

        var timeline = await WorkflowCalls.Timeline(op, id);
        timeline.Where(e => e["type"]!.GetValue<string>() == "incident.stage-changed").Select(e => e["data"]!["to"]!.GetValue<string>())
            .ShouldBe(["assessment", "escalation", "governance", "closure"]);
        timeline.Count(e => e["type"]!.GetValue<string>() == "handoff.accepted").ShouldBe(2);
        timeline.Count(e => e["type"]!.GetValue<string>() == "task.completed").ShouldBe(5);
        timeline.Single(e => e["type"]!.GetValue<string>() == "notification.sent")["data"]!["message"]!.GetValue<string>()
            .ShouldContain(opened["key"]!.GetValue<string>());
        timeline[^1]["type"]!.GetValue<string>().ShouldBe("incident.closed");
        timeline[^1]["data"]!["resolution"]!.GetValue<string>().ShouldBe("resolved");
        timeline.Select(e => e["seq"]!.GetValue<long>()).ShouldBeInOrder();
    }

    [Fact]
    public async Task Dismissing_at_triage_closes_the_incident_as_a_false_alarm()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var closed = await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Dismissed", severity = "S4", note = "duplicate" });

        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["workflow"]!["status"]!.GetValue<string>().ShouldBe("finished");
        (await WorkflowCalls.Types(op, id)).ShouldBe(["incident.opened", "task.created", "incident.severity-overridden", "task.completed", "incident.closed"]);
        (await WorkflowCalls.Timeline(op, id))[^1]["data"]!["resolution"]!.GetValue<string>().ShouldBe("false alarm");
    }

    [Fact]
    public async Task A_live_guild_violation_goes_to_live_guild_ops_which_decides_the_penalty_and_rules_the_appeal()
    {
        var op = await server.SignIn("operator1");
        var guild = await server.SignIn("guild1");
        var opened = await ApiCalls.Open(op, ApiCalls.NewIncident(businessLine: "tiktok-live", category: "guild-violation", severity: "S3"));
        var id = opened["id"]!.GetValue<string>();
        opened["workflow"]!["definitionId"]!.GetValue<string>().ShouldBe("live-guild-violation");
        opened["stage"]!.GetValue<string>().ShouldBe("escalation");

        var handoff = await WorkflowCalls.HandoffTo(guild, id, "live-guild-ops");
        (await guild.PostAsJsonAsync($"/api/handoffs/{handoff}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var governance = await ApiCalls.GetJson(guild, $"/api/incidents/{id}");
        governance["stage"]!.GetValue<string>().ShouldBe("governance");
        WorkflowCalls.Actions(governance).ShouldBe(["penalty-decision"]);

        var appeal = await WorkflowCalls.ActOk(guild, id, "penalty-decision", new { penalty = "traffic-limit", guildId = "g-42", reason = "fake gifts" });
        WorkflowCalls.Actions(appeal).ShouldBe(["record-appeal"]);
        WorkflowCalls.Actions(await ApiCalls.GetJson(op, $"/api/incidents/{id}")).ShouldBeEmpty();

        var closed = await WorkflowCalls.ActOk(guild, id, "record-appeal", new { outcome = "Upheld", ruling = "Penalty stands." });
        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["workflow"]!["status"]!.GetValue<string>().ShouldBe("finished");

        // The appeal closed the window early: the Delay's timer is burned and never fires.
        await WorkflowCalls.Sweep(server);
        (await server.Scalar<long>(
            "select count(*) from workflow_bookmarks b join workflow_instances i on i.id = b.instance_id where i.correlation_id = @id",
            new { id })).ShouldBe(0);
        var instance = await ApiCalls.GetJson(guild, $"/api/workflow-instances/{closed["workflow"]!["instanceId"]!.GetValue<string>()}");
        instance["journal"]!.AsArray().ShouldContain(j => j!["activityId"]!.GetValue<string>() == "appeal-window-elapses" && j["outcome"]!.GetValue<string>() == "Cancelled");
    }
}
