using System.Net;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Workflows;

/// <summary>POST /api/incidents/{id}/actions: API.md's status codes.</summary>
public sealed class ActionsTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_same_bookmark_taken_twice_is_409_bookmark_consumed_and_runs_once()
    {
        var op = await server.SignIn("operator1");
        var opened = await ApiCalls.Open(op);
        var id = opened["id"]!.GetValue<string>();
        var bookmarkId = opened["workflow"]!["availableActions"]![0]!["bookmarkId"]!.GetValue<string>();
        var input = new { outcome = "Confirmed", severity = "S3" };

        var first = await WorkflowCalls.Act(op, id, "triage", input, new { bookmarkId });
        await ApiCalls.Expect(first, HttpStatusCode.OK);
        var second = await WorkflowCalls.Act(op, id, "triage", input, new { bookmarkId });
        var problem = await ApiCalls.Problem(second, HttpStatusCode.Conflict);
        problem["type"]!.GetValue<string>().ShouldBe("https://incident.local/problems/bookmark-consumed");
        problem["current"]!["stage"]!.GetValue<string>().ShouldBe("assessment");

        var types = await WorkflowCalls.Types(op, id);
        types.Count(t => t == "task.completed").ShouldBe(1);
        types.Count(t => t == "incident.stage-changed").ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_takes_of_one_action_have_one_winner()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            WorkflowCalls.Act(op, id, "triage", new { outcome = "Confirmed", severity = "S3" })));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await WorkflowCalls.Types(op, id)).Count(t => t == "task.completed").ShouldBe(1);
    }

    [Fact]
    public async Task A_role_the_action_does_not_allow_is_403_and_a_partner_of_another_department_gets_404()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var lead = await server.SignIn("lead1");
        WorkflowCalls.Actions(await ApiCalls.GetJson(lead, $"/api/incidents/{id}")).ShouldBeEmpty();

        var forbidden = await WorkflowCalls.Act(lead, id, "triage", new { outcome = "Confirmed", severity = "S3" });
        (await ApiCalls.Problem(forbidden, HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain("operator");
        var guild = await server.SignIn("guild1");
        await ApiCalls.Problem(await WorkflowCalls.Act(guild, id, "triage", new { outcome = "Confirmed", severity = "S3" }), HttpStatusCode.NotFound);
        (await WorkflowCalls.Types(op, id)).ShouldBe(["incident.opened", "task.created"]);
    }

    [Fact]
    public async Task Input_that_does_not_match_the_task_is_400_with_field_errors_and_changes_nothing()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();

        var bad = await WorkflowCalls.Act(op, id, "triage", new { outcome = "Maybe", severity = "S9" });
        var problem = await ApiCalls.Problem(bad, HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        fields.ShouldContain("input.outcome");
        fields.ShouldContain(f => f.Contains("severity", StringComparison.Ordinal));

        var missing = await WorkflowCalls.Act(op, id, "triage", null);
        await ApiCalls.Problem(missing, HttpStatusCode.BadRequest);
        (await WorkflowCalls.Types(op, id)).ShouldBe(["incident.opened", "task.created"]);
        WorkflowCalls.Actions(await ApiCalls.GetJson(op, $"/api/incidents/{id}")).ShouldBe(["triage"]);
    }

    [Fact]
    public async Task A_stale_expected_version_is_409_and_an_unknown_action_is_bookmark_consumed()
    {
        var op = await server.SignIn("operator1");
        var opened = await ApiCalls.Open(op);
        var id = opened["id"]!.GetValue<string>();

        var stale = await WorkflowCalls.Act(op, id, "triage", new { outcome = "Confirmed", severity = "S3" }, new { expectedVersion = 7 });
        var problem = await ApiCalls.Problem(stale, HttpStatusCode.Conflict);
        problem["type"]!.GetValue<string>().ShouldEndWith("/stale-version");
        problem["currentVersion"]!.GetValue<int>().ShouldBe(opened["version"]!.GetValue<int>());

        var ok = await WorkflowCalls.Act(op, id, "triage", new { outcome = "Confirmed", severity = "S3" }, new { expectedVersion = opened["version"]!.GetValue<int>() });
        await ApiCalls.Expect(ok, HttpStatusCode.OK);

        var unknown = await WorkflowCalls.Act(op, id, "close-review", new { reviewSummary = "too early" });
        (await ApiCalls.Problem(unknown, HttpStatusCode.Conflict))["type"]!.GetValue<string>().ShouldEndWith("/bookmark-consumed");
    }
}
