using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 1: the rules registry, its lifecycle and versions.</summary>
public sealed class RulesTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_rule_drafted_from_an_incident_walks_the_lifecycle_onto_the_incident_timeline()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var incidentId = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Guild fake traffic", businessLine: "tiktok-live", category: "guild-violation")))["id"]!.GetValue<string>();

        var draft = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(incidentId));
        draft["key"]!.GetValue<string>().ShouldMatch(@"^GOV-2026-\d{6}$");
        draft["status"]!.GetValue<string>().ShouldBe("draft");
        draft["version"]!.GetValue<int>().ShouldBe(1);
        draft["ownerDepartment"]!.GetValue<string>().ShouldBe("risk-ops");
        draft["strikeWindowDays"]!.GetValue<int>().ShouldBe(90);
        draft["incidents"]![0]!["id"]!.GetValue<string>().ShouldBe(incidentId);
        draft["allowedTransitions"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["submit"]);
        var id = draft["id"]!.GetValue<string>();

        (await GovernanceCalls.Transition(op, id, "approve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GovernanceCalls.Transition(lead, id, "launch")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await GovernanceCalls.TransitionOk(op, id, "submit"))["status"]!.GetValue<string>().ShouldBe("in-review");
        (await GovernanceCalls.Transition(op, id, "approve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GovernanceCalls.TransitionOk(lead, id, "approve"))["approvedBy"]!.GetValue<string>().ShouldBe("lead1");
        var shadow = await GovernanceCalls.TransitionOk(lead, id, "shadow");
        shadow["status"]!.GetValue<string>().ShouldBe("shadow");
        shadow["shadowVersion"]!.GetValue<int>().ShouldBe(1);
        var live = await GovernanceCalls.TransitionOk(lead, id, "launch");
        live["status"]!.GetValue<string>().ShouldBe("live");
        live["liveVersion"]!.GetValue<int>().ShouldBe(1);
        live["launchedAt"].ShouldNotBeNull();
        var submitAgain = await GovernanceCalls.Transition(op, id, "submit");
        (await ApiCalls.Problem(submitAgain, HttpStatusCode.Conflict))["type"]!.GetValue<string>().ShouldEndWith("rule-transition-not-allowed");

        var timeline = await WorkflowCalls.Timeline(op, incidentId);
        timeline.Where(e => e["type"]!.GetValue<string>() == "governance.rule-changed").Select(e => e["data"]!["to"]!.GetValue<string>())
            .ShouldBe(["draft", "in-review", "approved", "shadow", "live"]);
        timeline.Count(e => e["type"]!.GetValue<string>() == "governance.launched").ShouldBe(1);
        // Going to shadow handed the implementation to each implementing department (not again at launch).
        var handoffs = (await WorkflowCalls.Handoffs(op, incidentId)).Where(h => h["note"]!.GetValue<string>().Contains(draft["key"]!.GetValue<string>()));
        handoffs.Select(h => h["toDepartment"]!.GetValue<string>()).Order().ShouldBe(["live-guild-ops", "review-ops"]);
    }

    [Fact]
    public async Task Editing_a_live_rule_makes_a_new_version_and_the_live_one_runs_until_it_launches()
    {
        var lead = await server.SignIn("lead1");
        var op = await server.SignIn("operator1");
        var live = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(name: "Gift fraud"));
        var id = live["id"]!.GetValue<string>();

        var body = GovernanceCalls.RuleBody(name: "Gift fraud v2", ladder: new object[] { new { strike = 1, action = "education" }, new { strike = 2, action = "termination" } });
        var edited = await ApiCalls.Body(await op.PutAsJsonAsync($"/api/governance/rules/{id}", body));
        edited["version"]!.GetValue<int>().ShouldBe(2);
        edited["status"]!.GetValue<string>().ShouldBe("draft");
        edited["liveVersion"]!.GetValue<int>().ShouldBe(1);
        edited["versions"]!.AsArray().Select(v => v!["status"]!.GetValue<string>()).ShouldBe(["live", "draft"]);

        await GovernanceCalls.TransitionOk(op, id, "submit");
        await GovernanceCalls.TransitionOk(lead, id, "approve");
        var relaunched = await GovernanceCalls.TransitionOk(lead, id, "launch");
        relaunched["liveVersion"]!.GetValue<int>().ShouldBe(2);
        var versions = relaunched["versions"]!.AsArray();
        versions[0]!["status"]!.GetValue<string>().ShouldBe("retired");
        versions[0]!["supersededBy"]!.GetValue<int>().ShouldBe(2);
        versions[0]!["name"]!.GetValue<string>().ShouldBe("Gift fraud");
        versions[1]!["ladder"]!.AsArray().Count.ShouldBe(2);

        var byKey = await ApiCalls.GetJson(op, $"/api/governance/rules/{relaunched["key"]!.GetValue<string>()}");
        byKey["id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task Bad_rules_are_refused_naming_each_field_and_nothing_is_stored()
    {
        var op = await server.SignIn("operator1");
        var before = await server.Scalar<long>("select count(*) from governance_rules");
        var body = GovernanceCalls.RuleBody(
            subjectType: "planet",
            ladder: new object[] { new { strike = 1, action = "warning" }, new { strike = 1, action = "nuke" } },
            targets: new { minPrecision = 1.5 });
        body["implementingDepartments"] = GovernanceCalls.JsonSerializerNode(new[] { "space-force" });
        body["incidentIds"] = GovernanceCalls.JsonSerializerNode(new[] { Guid.NewGuid() });
        var problem = await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/rules", body), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        errors.ShouldContain("subjectType");
        errors.ShouldContain("ladder[1].strike");
        errors.ShouldContain("ladder[1].action");
        errors.ShouldContain("targets.minPrecision");
        errors.ShouldContain("implementingDepartments[0]");
        errors.ShouldContain("incidentIds[0]");
        (await server.Scalar<long>("select count(*) from governance_rules")).ShouldBe(before);

        var guild = await server.SignIn("guild1");
        (await guild.PostAsJsonAsync("/api/governance/rules", GovernanceCalls.RuleBody())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await op.GetAsync($"/api/governance/rules/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetAsync("/api/governance/rules/GOV-1999-000001")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_partner_sees_only_rules_of_incidents_its_department_is_involved_in()
    {
        var op = await server.SignIn("operator1");
        var guild = await server.SignIn("guild1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var hidden = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(incidentId, name: "Hidden from guild ops"));
        (await guild.GetAsync($"/api/governance/rules/{hidden["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ApiCalls.GetJson(guild, "/api/governance/rules"))["items"]!.AsArray()
            .ShouldNotContain(r => r!["id"]!.GetValue<string>() == hidden["id"]!.GetValue<string>());

        await ApiCalls.RequestHandoff(op, incidentId, "live-guild-ops");
        var seen = await ApiCalls.GetJson(guild, $"/api/governance/rules/{hidden["id"]}");
        seen["allowedTransitions"]!.AsArray().ShouldBeEmpty();
        (await GovernanceCalls.Transition(guild, hidden["id"]!.GetValue<string>(), "submit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
