using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using static Incident.Api.Tests.Governance.EffectivenessRecords;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9 item 6: QA audits (docs/governance.md "QA audits").</summary>
public sealed class AuditTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_precision_audit_of_the_live_version_has_its_Wilson_interval_and_lands_on_the_incident_timeline()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(incidentId, name: "Audited rule"));
        var key = rule["key"]!.GetValue<string>();

        var audit = await AuditOkAsync(op, key, "precision", 50, 45);

        audit["ruleId"]!.GetValue<string>().ShouldBe(rule["id"]!.GetValue<string>());
        audit["ruleVersion"]!.GetValue<int>().ShouldBe(1);
        audit["kind"]!.GetValue<string>().ShouldBe("precision");
        audit["n"]!.GetValue<int>().ShouldBe(50);
        audit["violating"]!.GetValue<int>().ShouldBe(45);
        Number(audit["value"]).ShouldBe(0.9);
        Pair(audit["ci95"]).ShouldBe([0.7864, 0.9565], 0.00005);
        audit["population"].ShouldBeNull();
        audit["createdBy"]!.GetValue<string>().ShouldBe("operator1");
        audit["createdAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow());
        (await server.Scalar<long>("select count(*) from governance_audit_items where audit_id = @id", new { id = Guid.Parse(audit["id"]!.GetValue<string>()) }))
            .ShouldBe(50);

        var recorded = (await WorkflowCalls.Timeline(op, incidentId)).Single(e => e["type"]!.GetValue<string>() == "governance.audit-recorded");
        recorded["data"]!["auditId"]!.GetValue<string>().ShouldBe(audit["id"]!.GetValue<string>());
        recorded["data"]!["kind"]!.GetValue<string>().ShouldBe("precision");
        recorded["data"]!["version"]!.GetValue<int>().ShouldBe(1);

        var coverage = await AuditOkAsync(op, key, "coverage", 200, 12);
        coverage["population"]!.GetValue<long>().ShouldBe(200, "without a population the sample was the whole unenforced set");
        Number(coverage["value"]).ShouldBe(0.06, 1e-12);
    }

    [Fact]
    public async Task The_audited_version_defaults_to_the_live_one_and_a_retired_version_that_ran_can_be_named()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(name: "Versioned rule"));
        var id = rule["id"]!.GetValue<string>();
        await ApiCalls.Expect(await op.PutAsJsonAsync($"/api/governance/rules/{id}", GovernanceCalls.RuleBody(name: "Versioned rule v2")), HttpStatusCode.OK);
        (await AuditOkAsync(op, id, "precision", 10, 9))["ruleVersion"]!.GetValue<int>().ShouldBe(1, "version 2 is a draft: version 1 is live");
        var problem = await ApiCalls.Problem(await AuditAsync(op, new { ruleId = id, kind = "precision", items = Items(3), ruleVersion = 2 }), HttpStatusCode.Conflict);
        problem["type"]!.GetValue<string>().ShouldEndWith("rule-never-ran");

        await GovernanceCalls.TransitionOk(op, id, "submit");
        await GovernanceCalls.TransitionOk(lead, id, "approve");
        await GovernanceCalls.TransitionOk(lead, id, "launch");
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        (await AuditOkAsync(op, id, "precision", 10, 9))["ruleVersion"]!.GetValue<int>().ShouldBe(2);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        (await AuditOkAsync(op, id, "precision", 10, 8, ruleVersion: 1))["ruleVersion"]!.GetValue<int>().ShouldBe(1, "retired, but it ran");

        var versions = (await ApiCalls.GetJson(op, $"/api/governance/audits?ruleId={id}"))["items"]!.AsArray();
        versions.Select(a => a!["ruleVersion"]!.GetValue<int>()).ShouldBe([1, 2, 1], "newest first");
        var v1 = await EffectivenessAsync(op, id, version: 1);
        v1["precision"]!["violating"]!.GetValue<int>().ShouldBe(8, "the latest audit of version 1");
    }

    [Fact]
    public async Task Bad_audits_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var op = await server.SignIn("operator1");
        var id = (await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(name: "Strictly audited")))["id"]!.GetValue<string>();
        var before = await server.Scalar<long>("select count(*) from governance_audits");

        async Task Refused(object body, string field)
        {
            var problem = await ApiCalls.Problem(await AuditAsync(op, body), HttpStatusCode.BadRequest);
            problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(field);
        }

        await Refused(new { ruleId = id, kind = "precision", items = Array.Empty<object>() }, "items");
        await Refused(new { ruleId = id, kind = "precision" }, "items");
        await Refused(new { ruleId = id, kind = "precision", items = Items(10_001) }, "items");
        await Refused(new { ruleId = id, kind = "coverage", items = Items(20), population = 19 }, "population");
        await Refused(new { ruleId = id, kind = "precision", items = new object?[] { new { @ref = "a", violating = true }, null } }, "items[1]");
        await Refused(new { ruleId = id, kind = "precision", items = new object[] { new { @ref = "a" } } }, "items[0].violating");
        await Refused(new { ruleId = id, kind = "precision", items = new object[] { new { @ref = " ", violating = false } } }, "items[0].ref");
        await Refused(new { ruleId = id, kind = "recall", items = Items(3) }, "kind");
        await Refused(new { kind = "precision", items = Items(3) }, "ruleId");
        await Refused(new { ruleId = id, kind = "precision", items = Items(3), ruleVersion = 7 }, "ruleVersion");
        (await AuditAsync(op, new { ruleId = Guid.NewGuid(), kind = "precision", items = Items(3) })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditAsync(op, new { ruleId = "GOV-1999-000001", kind = "precision", items = Items(3) })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Scalar<long>("select count(*) from governance_audits")).ShouldBe(before);

        var draft = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(name: "Never ran"));
        (await ApiCalls.Problem(await AuditAsync(op, new { ruleId = draft["id"], kind = "precision", items = Items(3) }), HttpStatusCode.Conflict))
            ["type"]!.GetValue<string>().ShouldEndWith("rule-never-ran");

        var full = await AuditOkAsync(op, id, "coverage", 10_000, 250, population: 400_000);
        full["n"]!.GetValue<int>().ShouldBe(10_000);
        (await server.Scalar<long>("select count(*) from governance_audit_items where audit_id = @id", new { id = Guid.Parse(full["id"]!.GetValue<string>()) }))
            .ShouldBe(10_000);
    }

    [Fact]
    public async Task Review_ops_partners_record_audits_of_rules_they_see_other_partners_may_not_and_lists_hold_visible_rules_only()
    {
        var op = await server.SignIn("operator1");
        var review = await server.SignIn("review1");
        var guild = await server.SignIn("guild1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var body = GovernanceCalls.RuleBody(incidentId, name: "Reviewed by review ops");
        body["implementingDepartments"] = GovernanceCalls.JsonSerializerNode(new[] { "review-ops" });
        var seen = (await GovernanceCalls.Launched(server, body))["id"]!.GetValue<string>();
        var unseen = (await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(name: "No incident")))["id"]!.GetValue<string>();

        (await AuditOkAsync(review, seen, "precision", 20, 19))["createdBy"]!.GetValue<string>().ShouldBe("review1");
        (await AuditAsync(review, new { ruleId = unseen, kind = "precision", items = Items(3) })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditAsync(guild, new { ruleId = seen, kind = "precision", items = Items(3) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await AuditOkAsync(await server.SignIn("lead1"), unseen, "coverage", 5, 1, population: 50);
        await AuditOkAsync(await server.SignIn("admin"), unseen, "precision", 5, 5);

        var listed = (await ApiCalls.GetJson(review, "/api/governance/audits"))["items"]!.AsArray();
        listed.ShouldContain(a => a!["ruleId"]!.GetValue<string>() == seen);
        listed.ShouldNotContain(a => a!["ruleId"]!.GetValue<string>() == unseen);
        (await review.GetAsync($"/api/governance/audits?ruleId={unseen}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ApiCalls.GetJson(guild, "/api/governance/audits"))["items"]!.AsArray()
            .ShouldNotContain(a => a!["ruleId"]!.GetValue<string>() == seen || a["ruleId"]!.GetValue<string>() == unseen);
        (await ApiCalls.GetJson(op, $"/api/governance/audits?ruleId={unseen}"))["total"]!.GetValue<int>().ShouldBe(2);
    }

    private static object[] Items(int n) => [.. Enumerable.Range(0, n).Select(i => new { @ref = $"item-{i}", violating = i % 2 == 0 })];
}
