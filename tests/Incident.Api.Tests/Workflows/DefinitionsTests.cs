using System.Net;
using System.Net.Http.Json;
using System.Text;
using Incident.Api.Features.Workflows;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Workflows;

/// <summary>API.md "Workflow definitions": admin writes, everyone reads, versions pin running instances.</summary>
public sealed class DefinitionsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Broken = """
        id: broken
        start: a
        activities:
          - id: a
            type: Teleport
          - id: b
            type: SetStage
            stage: nowhere
        connections:
          - { source: a, target: ghost }
        """;

    private const string Faulty = """
        id: faulty-check
        name: Faulty check
        selector:
          businessLines: ["*"]
          categories: [misinformation]
          severities: ["*"]
          priority: 50
        start: go
        activities:
          - id: go
            type: HumanTask
            action: go
            allowedRoles: [operator]
          - id: check
            type: Decision
            condition: { type: js, value: "incident.severity == 'S1' ? true : undefinedThing.boom" }
          - id: escalate
            type: Escalate
            reason: checked
          - id: done
            type: Finish
            resolution: checked
        connections:
          - { source: go, target: check }
          - { source: check, outcome: "True", target: escalate }
          - { source: check, outcome: "False", target: done }
          - { source: escalate, target: done }
        """;

    [Fact]
    public async Task Everyone_reads_the_seeded_published_definitions()
    {
        var partner = await server.SignIn("review1");
        var list = (await ApiCalls.GetJson(partner, "/api/workflows"))["items"]!.AsArray();
        var seeded = list.Where(d => d!["id"]!.GetValue<string>() is "emergency-response" or "live-guild-violation").ToList();
        seeded.Count.ShouldBe(2);
        seeded.ShouldAllBe(d => d!["publishedVersion"]!.GetValue<int>() >= 1);

        var document = await ApiCalls.GetJson(partner, "/api/workflows/live-guild-violation/versions/1");
        document["status"]!.GetValue<string>().ShouldBe("published");
        document["start"]!.GetValue<string>().ShouldBe("discovery");
        document["activities"]!.AsArray().ShouldContain(a => a!["id"]!.GetValue<string>() == "appeal-settled" && a["mode"]!.GetValue<string>() == "WaitAny");
        document["connections"]!.AsArray().Count.ShouldBeGreaterThan(5);
        await ApiCalls.Problem(await partner.GetAsync("/api/workflows/nope"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_write_and_other_content_types_are_415()
    {
        var op = await server.SignIn("operator1");
        var before = await server.Scalar<long>("select count(*) from workflow_definitions");
        await ApiCalls.Problem(await op.PostAsync("/api/workflows", Yaml(Faulty)), HttpStatusCode.Forbidden);
        await ApiCalls.Problem(await op.PostAsync("/api/workflows/emergency-response/publish", null), HttpStatusCode.Forbidden);
        var admin = await server.SignIn("admin");
        await ApiCalls.Problem(await admin.PostAsync("/api/workflows", new StringContent(Faulty, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        (await server.Scalar<long>("select count(*) from workflow_definitions")).ShouldBe(before);
    }

    [Fact]
    public async Task An_invalid_definition_is_422_with_problems_naming_their_activities()
    {
        var admin = await server.SignIn("admin");
        var problem = await ApiCalls.Problem(await admin.PostAsync("/api/workflows", Yaml(Broken)), HttpStatusCode.UnprocessableEntity);
        var problems = problem["problems"]!.AsArray();
        problems.ShouldContain(p => p!["activityId"]!.GetValue<string>() == "a" && p["message"]!.GetValue<string>().Contains("Teleport", StringComparison.Ordinal));
        problems.ShouldContain(p => p!["activityId"]!.GetValue<string>() == "b");
        problems.ShouldContain(p => p!["message"]!.GetValue<string>().Contains("ghost", StringComparison.Ordinal));
        problems.ShouldAllBe(p => p!["path"] != null);
        (await server.Scalar<long>("select count(*) from workflow_definitions where definition_id = 'broken'")).ShouldBe(0);

        var json = await admin.PostAsync("/api/workflows", new StringContent("""{ "id": "x", "start": "a", "activities": [] }""", Encoding.UTF8, "application/json"));
        await ApiCalls.Problem(json, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_published_v2_starts_new_incidents_while_a_running_v1_instance_finishes_on_v1()
    {
        var op = await server.SignIn("operator1");
        var admin = await server.SignIn("admin");
        var old = await ApiCalls.Open(op, ApiCalls.NewIncident(category: "minor-safety"));
        old["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(1);

        var v2Text = WorkflowSeed.Embedded().Single(w => w.Name.EndsWith("emergency-response.yaml", StringComparison.Ordinal)).Document
            .Replace("label: Confirm category and severity", "label: Confirm category and severity (v2)", StringComparison.Ordinal);
        await ApiCalls.Problem(await admin.PutAsync("/api/workflows/live-guild-violation", Yaml(v2Text)), HttpStatusCode.BadRequest);
        var put = await admin.PutAsync("/api/workflows/emergency-response", Yaml(v2Text));
        await ApiCalls.Expect(put, HttpStatusCode.OK);
        var draft = await ApiCalls.Body(put);
        draft["version"]!.GetValue<int>().ShouldBe(2);
        draft["status"]!.GetValue<string>().ShouldBe("draft");
        (await ApiCalls.Open(op, ApiCalls.NewIncident(category: "minor-safety")))["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(1);

        var publish = await admin.PostAsJsonAsync("/api/workflows/emergency-response/publish", new { version = 2 });
        await ApiCalls.Expect(publish, HttpStatusCode.OK);
        (await ApiCalls.Body(publish))["status"]!.GetValue<string>().ShouldBe("published");
        var list = (await ApiCalls.GetJson(op, "/api/workflows"))["items"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == "emergency-response")!;
        list["publishedVersion"]!.GetValue<int>().ShouldBe(2);

        var fresh = await ApiCalls.Open(op, ApiCalls.NewIncident(category: "minor-safety"));
        fresh["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(2);
        fresh["workflow"]!["availableActions"]![0]!["label"]!.GetValue<string>().ShouldEndWith("(v2)");

        var oldId = old["id"]!.GetValue<string>();
        var oldNow = await ApiCalls.GetJson(op, $"/api/incidents/{oldId}");
        oldNow["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(1);
        oldNow["workflow"]!["availableActions"]![0]!["label"]!.GetValue<string>().ShouldBe("Confirm category and severity");
        var finished = await WorkflowCalls.ActOk(op, oldId, "triage", new { outcome = "Dismissed", severity = "S4" });
        finished["status"]!.GetValue<string>().ShouldBe("closed");
        finished["workflow"]!["definitionVersion"]!.GetValue<int>().ShouldBe(1);
        finished["workflow"]!["status"]!.GetValue<string>().ShouldBe("finished");
    }

    [Fact]
    public async Task A_faulted_instance_keeps_its_fault_and_an_admin_retries_it()
    {
        var admin = await server.SignIn("admin");
        var created = await admin.PostAsync("/api/workflows", Yaml(Faulty));
        await ApiCalls.Expect(created, HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/api/workflows/faulty-check/versions/1");
        await ApiCalls.Expect(await admin.PostAsync("/api/workflows/faulty-check/publish", null), HttpStatusCode.OK);

        var op = await server.SignIn("operator1");
        var opened = await ApiCalls.Open(op, ApiCalls.NewIncident(category: "misinformation", severity: "S3"));
        var id = opened["id"]!.GetValue<string>();
        var instanceId = opened["workflow"]!["instanceId"]!.GetValue<string>();
        opened["workflow"]!["definitionId"]!.GetValue<string>().ShouldBe("faulty-check");

        var faulted = await WorkflowCalls.Act(op, id, "go");
        var problem = await ApiCalls.Problem(faulted, HttpStatusCode.Conflict);
        problem["type"]!.GetValue<string>().ShouldEndWith("/workflow-faulted");
        problem["current"]!["workflow"]!["status"]!.GetValue<string>().ShouldBe("faulted");

        var instance = await ApiCalls.GetJson(op, $"/api/workflow-instances/{instanceId}");
        instance["status"]!.GetValue<string>().ShouldBe("faulted");
        var fault = instance["faults"]!.AsArray().Single()!;
        fault["activityId"]!.GetValue<string>().ShouldBe("check");
        fault["message"]!.GetValue<string>().ShouldContain("undefinedThing");
        (await WorkflowCalls.Types(op, id)).ShouldBe(["incident.opened", "task.created", "task.completed"]);
        await ApiCalls.Problem(await (await server.SignIn("guild1")).GetAsync($"/api/workflow-instances/{instanceId}"), HttpStatusCode.NotFound);

        await ApiCalls.Problem(await op.PostAsync($"/api/workflow-instances/{instanceId}/retry", null), HttpStatusCode.Forbidden);
        (await op.PatchAsJsonAsync($"/api/incidents/{id}", new { severity = "S1" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var retried = await admin.PostAsync($"/api/workflow-instances/{instanceId}/retry", null);
        await ApiCalls.Expect(retried, HttpStatusCode.OK);
        var after = await ApiCalls.Body(retried);
        after["status"]!.GetValue<string>().ShouldBe("finished");
        after["faults"]!.AsArray().Single()!["resolvedAt"].ShouldNotBeNull();
        await ApiCalls.Problem(await admin.PostAsync($"/api/workflow-instances/{instanceId}/retry", null), HttpStatusCode.Conflict);

        var closed = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        closed["status"]!.GetValue<string>().ShouldBe("closed");
        closed["escalationLevel"]!.GetValue<int>().ShouldBe(1);
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");
}
