using System.Net;
using System.Net.Http.Json;
using Incident.Api.Features.StatusUpdates;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.StatusUpdates;

/// <summary>Issue 10 item 3: structured status updates, the overdue reminder and the internal status view.</summary>
public sealed class StatusUpdateTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_status_update_is_posted_listed_and_pushed_live_to_an_involved_department()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, id, "review-ops");
        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");

        var response = await op.PostAsJsonAsync(
            $"/api/incidents/{id}/updates", new { status = "identified", impact = "Fraud rooms on Douyin live; no payouts lost yet.", nextUpdateInMinutes = 30 });

        await ApiCalls.Expect(response, HttpStatusCode.Created);
        var update = await ApiCalls.Body(response);
        update["status"]!.GetValue<string>().ShouldBe("identified");
        update["postedBy"]!.GetValue<string>().ShouldBe("operator1");
        update["nextUpdateDueAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow().AddMinutes(30));
        await review.WaitForEvent(id, "incident.status-update");
        var pushed = review.Of(id).Single(e => e.GetProperty("type").GetString() == "incident.status-update");
        pushed.GetProperty("data").GetProperty("impact").GetString().ShouldBe("Fraud rooms on Douyin live; no payouts lost yet.");
        var listed = (await ApiCalls.GetJson(await server.SignIn("review1"), $"/api/incidents/{id}/updates"))["items"]!.AsArray();
        listed.Single()!["id"]!.GetValue<string>().ShouldBe(update["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_status_is_400_and_a_partner_who_neither_leads_nor_is_assigned_may_not_post()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, id, "review-ops");

        var bad = await op.PostAsJsonAsync($"/api/incidents/{id}/updates", new { status = "on-fire", impact = "" });
        var partner = await (await server.SignIn("review1")).PostAsJsonAsync(
            $"/api/incidents/{id}/updates", new { status = "investigating", impact = "Looking." });

        var problem = await ApiCalls.Problem(bad, HttpStatusCode.BadRequest);
        problem["errors"]!["status"].ShouldNotBeNull();
        problem["errors"]!["impact"].ShouldNotBeNull();
        await ApiCalls.Problem(partner, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_overdue_next_update_is_reminded_once_on_the_timeline()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.Expect(await op.PostAsJsonAsync(
            $"/api/incidents/{id}/updates", new { status = "investigating", impact = "Scope unknown.", nextUpdateInMinutes = 30 }), HttpStatusCode.Created);
        var reminders = server.Services.GetRequiredService<OverdueUpdateReminders>();

        await reminders.RemindAsync();
        (await WorkflowCalls.Types(op, id)).ShouldNotContain("incident.status-update-overdue");

        server.Clock.Advance(TimeSpan.FromMinutes(31));
        await reminders.RemindAsync();
        await reminders.RemindAsync();

        op = await server.SignIn("operator1");
        (await WorkflowCalls.Types(op, id)).Count(t => t == "incident.status-update-overdue").ShouldBe(1);
        var status = (await ApiCalls.GetJson(op, "/api/status"))["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!;
        status["updateOverdue"]!.GetValue<bool>().ShouldBeTrue();

        // A fresh update supersedes the overdue one: nothing is due until its own time passes.
        await ApiCalls.Expect(await op.PostAsJsonAsync(
            $"/api/incidents/{id}/updates", new { status = "identified", impact = "Cause found.", nextUpdateInMinutes = 60 }), HttpStatusCode.Created);
        await reminders.RemindAsync();
        (await WorkflowCalls.Types(op, id)).Count(t => t == "incident.status-update-overdue").ShouldBe(1);
    }

    [Fact]
    public async Task The_status_view_lists_open_S1_and_S2_incidents_with_their_latest_update_for_anyone_signed_in()
    {
        var op = await server.SignIn("operator1");
        var s1 = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "S1 on the status page", severity: "S1")))["id"]!.GetValue<string>();
        var s2 = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "S2 on the status page", severity: "S2")))["id"]!.GetValue<string>();
        var s3 = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "S3 not on the status page", severity: "S3")))["id"]!.GetValue<string>();
        var dismissed = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Dismissed S1", severity: "S1")))["id"]!.GetValue<string>();
        await WorkflowCalls.ActOk(op, dismissed, "triage", new { outcome = "Dismissed", severity = "S1" });
        await ApiCalls.Expect(await op.PostAsJsonAsync($"/api/incidents/{s1}/updates", new { status = "investigating", impact = "First." }), HttpStatusCode.Created);
        server.Clock.Advance(TimeSpan.FromSeconds(5));
        await ApiCalls.Expect(await op.PostAsJsonAsync($"/api/incidents/{s1}/updates", new { status = "monitoring", impact = "Second." }), HttpStatusCode.Created);

        var view = await ApiCalls.GetJson(await server.SignIn("guild1"), "/api/status");

        var items = view["items"]!.AsArray().Select(i => i!).ToList();
        var ids = items.Select(i => i["id"]!.GetValue<string>()).ToList();
        ids.ShouldContain(s1);
        ids.ShouldContain(s2);
        ids.ShouldNotContain(s3);
        ids.ShouldNotContain(dismissed);
        items.ShouldAllBe(i => i["severity"]!.GetValue<string>() == "S1" || i["severity"]!.GetValue<string>() == "S2");
        var first = items.Single(i => i["id"]!.GetValue<string>() == s1);
        first["latestUpdate"]!["status"]!.GetValue<string>().ShouldBe("monitoring");
        first["lead"]!.GetValue<string>().ShouldBe("operator1");
        items.Single(i => i["id"]!.GetValue<string>() == s2)["latestUpdate"].ShouldBeNull();
    }
}
