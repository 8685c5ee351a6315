using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;

namespace Incident.Api.Tests.People;

/// <summary>Issue 10 item 1: the incident's lead, task assignees, "assigned to me" and "accepted by my department".</summary>
public sealed class PeopleTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_lead_defaults_to_the_opener_on_the_incident_and_the_list()
    {
        var op = await server.SignIn("operator1");
        var opened = await ApiCalls.Open(op);
        var id = opened["id"]!.GetValue<string>();

        opened["lead"]!.GetValue<string>().ShouldBe("operator1");
        (await ApiCalls.GetJson(op, $"/api/incidents/{id}"))["lead"]!.GetValue<string>().ShouldBe("operator1");
        var mine = await ApiCalls.GetJson(op, "/api/incidents?lead=me&pageSize=200");
        mine["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldContain(id);
        mine["items"]!.AsArray().ShouldAllBe(i => i!["lead"]!.GetValue<string>() == "operator1");
    }

    [Fact]
    public async Task The_lead_hands_over_to_a_partner_of_an_involved_department_who_is_told_live()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, id, "review-ops");
        await using var review = await LiveClient.Connect(server.BaseAddress, "review1");

        var response = await op.PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "review1" });

        await ApiCalls.Expect(response, HttpStatusCode.OK);
        (await ApiCalls.Body(response))["lead"]!.GetValue<string>().ShouldBe("review1");
        await review.WaitForEvent(id, "incident.lead-changed");
        var changed = (await WorkflowCalls.Timeline(op, id)).Single(e => e["type"]!.GetValue<string>() == "incident.lead-changed");
        changed["data"]!["from"]!.GetValue<string>().ShouldBe("operator1");
        changed["data"]!["to"]!.GetValue<string>().ShouldBe("review1");

        // The new lead (a partner) may hand it on; the old lead, an operator, no longer may.
        var back = await op.PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "operator1" });
        await ApiCalls.Problem(back, HttpStatusCode.Forbidden);
        var reviewHttp = await server.SignIn("review1");
        await ApiCalls.Expect(await reviewHttp.PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "lead1" }), HttpStatusCode.OK);
        var byLeader = await (await server.SignIn("lead1")).PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "operator1" });
        await ApiCalls.Expect(byLeader, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("nobody-here")]
    [InlineData("guild1")]
    [InlineData("")]
    public async Task Handing_over_to_an_unknown_user_or_one_who_cannot_see_the_incident_is_400_naming_username(string username)
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();

        var response = await op.PutAsJsonAsync($"/api/incidents/{id}/lead", new { username });

        var problem = await ApiCalls.Problem(response, HttpStatusCode.BadRequest);
        problem["errors"]!["username"].ShouldNotBeNull();
        (await ApiCalls.GetJson(op, $"/api/incidents/{id}"))["lead"]!.GetValue<string>().ShouldBe("operator1");
    }

    [Fact]
    public async Task A_partner_may_not_hand_over_the_lead_and_an_uninvolved_partner_does_not_see_the_incident()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, id, "review-ops");

        var involved = await (await server.SignIn("review1")).PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "review1" });
        var outsider = await (await server.SignIn("guild1")).PutAsJsonAsync($"/api/incidents/{id}/lead", new { username = "guild1" });

        await ApiCalls.Problem(involved, HttpStatusCode.Forbidden);
        await ApiCalls.Problem(outsider, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_task_assignee_finds_it_assigned_to_them_until_unassigned()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var triage = (await ApiCalls.GetJson(op, $"/api/incidents/{id}/tasks"))["items"]!.AsArray()
            .Single(t => t!["action"]!.GetValue<string>() == "triage")!;
        var taskId = triage["taskId"]!.GetValue<string>();

        var assigned = await op.PostAsJsonAsync($"/api/incidents/{id}/tasks/{taskId}/assignees", new { username = "operator1" });

        await ApiCalls.Expect(assigned, HttpStatusCode.OK);
        (await ApiCalls.Body(assigned))["assignees"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["operator1"]);
        var mine = (await ApiCalls.GetJson(op, "/api/tasks?assignee=me"))["items"]!.AsArray();
        var item = mine.Single(t => t!["taskId"]!.GetValue<string>() == taskId)!;
        item["incidentId"]!.GetValue<string>().ShouldBe(id);
        item["label"]!.GetValue<string>().ShouldBe("Confirm category and severity");
        Ids(await ApiCalls.GetJson(op, "/api/incidents?assignedTo=me&pageSize=200")).ShouldContain(id);
        (await WorkflowCalls.Types(op, id)).ShouldContain("task.assigned");

        // lead1 is a leader: triage is for operators only, so lead1 cannot be its assignee.
        var leader = await op.PostAsJsonAsync($"/api/incidents/{id}/tasks/{taskId}/assignees", new { username = "lead1" });
        (await ApiCalls.Problem(leader, HttpStatusCode.BadRequest))["errors"]!["username"].ShouldNotBeNull();

        await ApiCalls.Expect(await op.DeleteAsync($"/api/incidents/{id}/tasks/{taskId}/assignees/operator1"), HttpStatusCode.OK);
        (await ApiCalls.GetJson(op, "/api/tasks?assignee=me"))["items"]!.AsArray()
            .ShouldNotContain(t => t!["taskId"]!.GetValue<string>() == taskId);
        Ids(await ApiCalls.GetJson(op, "/api/incidents?assignedTo=me&pageSize=200")).ShouldNotContain(id);
        (await WorkflowCalls.Types(op, id)).ShouldContain("task.unassigned");
    }

    [Fact]
    public async Task A_taken_task_no_longer_counts_as_assigned()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var taskId = (await ApiCalls.GetJson(op, $"/api/incidents/{id}/tasks"))["items"]![0]!["taskId"]!.GetValue<string>();
        await ApiCalls.Expect(
            await op.PostAsJsonAsync($"/api/incidents/{id}/tasks/{taskId}/assignees", new { username = "operator1" }), HttpStatusCode.OK);

        await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S2" });

        (await ApiCalls.GetJson(op, "/api/tasks")).AsObject()["items"]!.AsArray()
            .ShouldNotContain(t => t!["taskId"]!.GetValue<string>() == taskId);
        var gone = await op.PostAsJsonAsync($"/api/incidents/{id}/tasks/{taskId}/assignees", new { username = "operator1" });
        await ApiCalls.Problem(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Accepted_work_of_my_department_lists_handoffs_it_accepted_on_open_incidents()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var handoff = (await ApiCalls.RequestHandoff(op, id, "review-ops"))["id"]!.GetValue<string>();
        var review = await server.SignIn("review1");
        await ApiCalls.Expect(await review.PostAsJsonAsync($"/api/handoffs/{handoff}/accept", new { note = "On it" }), HttpStatusCode.OK);

        var accepted = await ApiCalls.GetJson(review, "/api/handoffs?direction=incoming&status=accepted&incidentStatus=open");
        var guild = await ApiCalls.GetJson(await server.SignIn("guild1"), "/api/handoffs?direction=incoming&status=accepted&incidentStatus=open");

        Ids(accepted).ShouldContain(handoff);
        accepted["items"]!.AsArray().ShouldAllBe(h => h!["toDepartment"]!.GetValue<string>() == "review-ops");
        Ids(guild).ShouldNotContain(handoff);
        var bad = await review.GetAsync("/api/handoffs?incidentStatus=sideways");
        (await ApiCalls.Problem(bad, HttpStatusCode.BadRequest))["errors"]!["incidentStatus"].ShouldNotBeNull();
    }

    private static IReadOnlyList<string> Ids(JsonNode page) =>
        [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
}
