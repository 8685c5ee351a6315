using Incident.Workflows.Definitions;

namespace Incident.Workflows.Tests;

public sealed class DefinitionValidationTests
{
    private const string Valid = """
        id: sample
        name: Sample
        selector: { businessLines: ["*"], categories: [spam], severities: [S1, S2], priority: 5 }
        variables: { escalationLevel: 0 }
        start: discovery
        activities:
          - { id: discovery, type: SetStage, stage: discovery }
          - id: triage
            type: HumanTask
            action: triage
            inputSchema: { type: object, required: [severity], properties: { severity: { enum: [S1, S2, S3, S4] } } }
            outcomes: [Confirmed, Dismissed]
          - { id: is-severe, type: Decision, condition: { type: js, value: "incident.severity == 'S1'" } }
          - { id: close, type: Finish }
        connections:
          - { source: discovery, target: triage }
          - { source: triage, outcome: Confirmed, target: is-severe }
          - { source: triage, outcome: Dismissed, target: close }
          - { source: is-severe, outcome: "True", target: close }
          - { source: is-severe, outcome: "False", target: close }
        """;

    [Fact]
    public void A_valid_yaml_definition_parses_into_its_model()
    {
        var result = WorkflowDefinitionParser.Parse(Valid, DefinitionFormat.Yaml);

        result.Problems.ShouldBeEmpty();
        var definition = result.Definition!;
        definition.Id.ShouldBe("sample");
        definition.Selector.Categories.ShouldBe(["spam"]);
        definition.Selector.Priority.ShouldBe(5);
        definition.Activities.Select(a => a.Type).ShouldBe(["SetStage", "HumanTask", "Decision", "Finish"]);
        definition.Connections[0].Outcome.ShouldBe("Done");
        ((int)definition.Variables["escalationLevel"]!).ShouldBe(0);
    }

    [Fact]
    public void The_same_definition_in_json_parses_to_the_same_shape()
    {
        const string json = """
            {
              "id": "sample", "start": "a",
              "activities": [ { "id": "a", "type": "SetVariable", "name": "x", "value": 1 }, { "id": "b", "type": "Finish" } ],
              "connections": [ { "source": "a", "target": "b" } ]
            }
            """;

        var result = WorkflowDefinitionParser.Parse(json, DefinitionFormat.Json);

        result.Problems.ShouldBeEmpty();
        result.Definition!.Connections.ShouldHaveSingleItem().ShouldBe(new ConnectionDefinition("a", "Done", "b"));
    }

    [Theory]
    [InlineData("unknown type", "{ id: weird, type: Teleport }", "", "weird", "unknown activity type")]
    [InlineData("missing field", "{ id: ask, type: RequestHandoff, acceptWithin: PT15M }", "{ source: ask, outcome: Accepted, target: close }", "ask", "missing required field 'toDepartment'")]
    [InlineData("bad duration", "{ id: wait, type: Delay, duration: 15 minutes }", "{ source: wait, target: close }", "wait", "bad ISO-8601 duration")]
    [InlineData("bad expression", "{ id: check, type: Decision, condition: { type: js, value: \"incident.severity ==\" } }", "{ source: check, outcome: \"True\", target: close }", "check", "bad expression")]
    [InlineData("bad input schema", "{ id: task, type: HumanTask, action: do, inputSchema: [1, 2] }", "{ source: task, target: close }", "task", "bad inputSchema")]
    [InlineData("bad input schema type", "{ id: task, type: HumanTask, action: do, inputSchema: { type: objekt } }", "{ source: task, target: close }", "task", "bad inputSchema")]
    [InlineData("bad stage", "{ id: stage2, type: SetStage, stage: lunch }", "{ source: stage2, target: close }", "stage2", "unknown stage")]
    [InlineData("bad join mode", "{ id: j, type: Join, mode: WaitSome }", "{ source: j, target: close }", "j", "unknown join mode")]
    [InlineData("bad switch", "{ id: sw, type: Switch, cases: [ { outcome: A } ] }", "{ source: sw, outcome: Default, target: close }", "sw", "needs an outcome and a condition")]
    public void An_invalid_activity_is_rejected_with_a_problem_naming_it(string kind, string activity, string connection, string activityId, string message)
    {
        var yaml = string.Join("\n",
            "id: broken",
            "start: first",
            "activities:",
            "  - { id: first, type: SetStage, stage: discovery }",
            "  - { id: close, type: Finish }",
            $"  - {activity}",
            "connections:",
            $"  - {{ source: first, target: {activityId} }}",
            connection.Length > 0 ? $"  - {connection}" : "");

        var result = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml);

        result.IsValid.ShouldBeFalse(kind);
        result.Definition.ShouldBeNull();
        result.Problems.ShouldContain(p => p.ActivityId == activityId && p.Message.Contains(message), $"{kind}: {string.Join("; ", result.Problems)}");
    }

    [Fact]
    public void An_unreachable_activity_is_rejected_with_its_id()
    {
        const string yaml = """
            id: broken
            start: first
            activities:
              - { id: first, type: SetStage, stage: discovery }
              - { id: island, type: SetVariable, name: x, value: 1 }
              - { id: close, type: Finish }
            connections:
              - { source: first, target: close }
              - { source: island, target: close }
            """;

        var problems = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml).Problems;

        problems.ShouldHaveSingleItem().ActivityId.ShouldBe("island");
        problems[0].Message.ShouldContain("unreachable");
    }

    [Fact]
    public void Dangling_connections_duplicate_ids_and_bad_outcomes_are_each_reported()
    {
        const string yaml = """
            id: broken
            start: a
            activities:
              - { id: a, type: Decision, condition: true }
              - { id: a, type: Finish }
              - { id: b, type: Finish }
            connections:
              - { source: a, outcome: "True", target: nowhere }
              - { source: ghost, target: b }
              - { source: a, outcome: Maybe, target: b }
              - { source: a, outcome: "False", target: b }
              - { source: b, target: a }
            """;

        var problems = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml).Problems;

        problems.ShouldContain(p => p.ActivityId == "a" && p.Message.Contains("duplicate activity id"));
        problems.ShouldContain(p => p.ActivityId == "a" && p.Message.Contains("target activity 'nowhere' does not exist"));
        problems.ShouldContain(p => p.ActivityId == "ghost" && p.Message.Contains("source activity 'ghost' does not exist"));
        problems.ShouldContain(p => p.ActivityId == "a" && p.Message.Contains("no outcome 'Maybe'"));
        problems.ShouldContain(p => p.ActivityId == "b" && p.Message.Contains("no outcome 'Done'"));
    }

    [Fact]
    public void A_cycle_without_a_waiting_activity_is_rejected()
    {
        const string yaml = """
            id: spin
            start: a
            activities:
              - { id: a, type: SetVariable, name: x, value: 1 }
              - { id: b, type: Notify, departments: [ops], message: hi }
            connections:
              - { source: a, target: b }
              - { source: b, target: a }
            """;

        var problems = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml).Problems;

        problems.ShouldHaveSingleItem().ActivityId.ShouldBe("a");
        problems[0].Message.ShouldContain("cycle with no waiting activity: a -> b -> a");
    }

    [Fact]
    public void A_cycle_through_a_human_task_is_allowed()
    {
        const string yaml = """
            id: loop
            start: check
            activities:
              - { id: check, type: HumanTask, action: confirm-effect, outcomes: [Effective], dueIn: P1D }
              - { id: remind, type: Notify, departments: [risk-ops], message: "still waiting" }
              - { id: done, type: Finish }
            connections:
              - { source: check, outcome: Overdue, target: remind }
              - { source: remind, target: check }
              - { source: check, outcome: Effective, target: done }
            """;

        WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_problem_is_returned_not_just_the_first()
    {
        const string yaml = """
            id: many
            start: missing
            activities:
              - { id: a, type: Delay, duration: soon }
              - { id: b, type: HumanTask }
              - { type: Finish }
            """;

        var problems = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml).Problems;

        problems.Count.ShouldBeGreaterThanOrEqualTo(4);
        problems.ShouldContain(p => p.Path == "start");
        problems.ShouldContain(p => p.ActivityId == "a" && p.Path == "activities[0].duration");
        problems.ShouldContain(p => p.ActivityId == "b" && p.Path == "activities[1].action");
        problems.ShouldContain(p => p.Path == "activities[2].id");
    }

    [Fact]
    public void Broken_yaml_is_a_problem_not_an_exception()
    {
        var result = WorkflowDefinitionParser.Parse("id: [unclosed", DefinitionFormat.Yaml);

        result.Problems.ShouldHaveSingleItem().Message.ShouldContain("YAML syntax error");
    }

    [Theory]
    [InlineData("emergency-response.yaml")]
    [InlineData("live-guild-violation.yaml")]
    public void The_seeded_definitions_are_valid(string file)
    {
        var result = WorkflowDefinitionParser.Parse(File.ReadAllText(Support.Repo.File("workflows", file)), DefinitionFormat.Yaml);

        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
    }
}
