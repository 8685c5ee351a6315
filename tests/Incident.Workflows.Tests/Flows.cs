namespace Incident.Workflows.Tests;

/// Small definitions, each exercising a few activities.
internal static class Flows
{
    public const string Triage = """
        id: triage-flow
        start: discovery
        variables: { count: 0 }
        activities:
          - { id: discovery, type: SetStage, stage: discovery }
          - id: triage
            type: HumanTask
            action: triage
            label: Confirm severity
            allowedRoles: [operator]
            inputSchema: { type: object, required: [severity], properties: { severity: { enum: [S1, S2, S3, S4] } } }
            outcomes: [Confirmed, Dismissed]
          - { id: is-severe, type: Decision, condition: { type: js, value: "input.severity == 'S1' || input.severity == 'S2'" } }
          - { id: bump, type: SetVariable, name: count, value: { type: js, value: "variables.count + 1" } }
          - { id: notify, type: Notify, departments: [leadership], message: "{{incident.key}} is {{input.severity}} (count {{variables.count}})" }
          - { id: false-alarm, type: Finish, resolution: false alarm }
          - { id: done, type: Finish, resolution: handled }
        connections:
          - { source: discovery, target: triage }
          - { source: triage, outcome: Confirmed, target: is-severe }
          - { source: triage, outcome: Dismissed, target: false-alarm }
          - { source: is-severe, outcome: "True", target: bump }
          - { source: is-severe, outcome: "False", target: done }
          - { source: bump, target: notify }
          - { source: notify, target: done }
        """;

    public const string Handoff = """
        id: handoff-flow
        start: ask
        activities:
          - { id: ask, type: RequestHandoff, toDepartment: { type: js, value: "incident.categoryPartnerDepartment" }, note: "Please look at {{incident.key}}", acceptWithin: PT15M }
          - { id: escalate, type: Escalate, reason: Handoff not accepted in time }
          - { id: accepted, type: Finish, resolution: accepted }
          - { id: escalated, type: Finish, resolution: escalated }
        connections:
          - { source: ask, outcome: Accepted, target: accepted }
          - { source: ask, outcome: Declined, target: escalate }
          - { source: ask, outcome: Expired, target: escalate }
          - { source: escalate, target: escalated }
        """;

    public static string ForkJoin(string mode) => $$"""
        id: fork-{{mode.ToLowerInvariant()}}
        start: fork
        activities:
          - { id: fork, type: Fork, branches: [review, partner, unused] }
          - { id: review, type: HumanTask, action: review }
          - { id: partner, type: RequestHandoff, toDepartment: product, acceptWithin: PT15M }
          - { id: join, type: Join, mode: {{mode}} }
          - { id: done, type: Finish }
        connections:
          - { source: fork, outcome: review, target: review }
          - { source: fork, outcome: partner, target: partner }
          - { source: review, target: join }
          - { source: partner, outcome: Accepted, target: join }
          - { source: partner, outcome: Declined, target: join }
          - { source: partner, outcome: Expired, target: join }
          - { source: join, target: done }
        """;

    public const string Delay = """
        id: delay-flow
        start: wait
        activities:
          - { id: wait, type: Delay, duration: PT1H }
          - { id: done, type: Finish, resolution: waited }
        connections:
          - { source: wait, target: done }
        """;

    public const string Overdue = """
        id: overdue-flow
        start: report
        activities:
          - { id: report, type: HumanTask, action: publish-flash-report, dueIn: PT30M }
          - { id: escalate, type: Escalate, reason: late }
          - { id: done, type: Finish }
        connections:
          - { source: report, outcome: Overdue, target: escalate }
          - { source: escalate, target: report }
          - { source: report, target: done }
        """;

    public const string Switch = """
        id: switch-flow
        start: route
        activities:
          - id: route
            type: Switch
            cases:
              - { outcome: Critical, condition: { type: js, value: "incident.severity == 'S1'" } }
              - { outcome: Major, condition: { type: js, value: "incident.severity == 'S2'" } }
            default: Minor
          - { id: critical, type: Finish, resolution: critical }
          - { id: major, type: Finish, resolution: major }
          - { id: minor, type: Finish, resolution: minor }
        connections:
          - { source: route, outcome: Critical, target: critical }
          - { source: route, outcome: Major, target: major }
          - { source: route, outcome: Minor, target: minor }
        """;

    public static string Expression(string id, string script) => $$"""
        id: {{id}}
        start: stage
        activities:
          - { id: stage, type: SetStage, stage: assessment }
          - { id: compute, type: SetVariable, name: x, value: { type: js, value: "{{script}}" } }
          - { id: wait, type: HumanTask, action: next }
          - { id: done, type: Finish }
        connections:
          - { source: stage, target: compute }
          - { source: compute, target: wait }
          - { source: wait, target: done }
        """;

    public static string Steps(string id, string afterFirst = "") => $$"""
        id: {{id}}
        start: a
        activities:
          - { id: a, type: SetStage, stage: discovery }
          - { id: t1, type: HumanTask, action: t1 }
          {{afterFirst}}
          - { id: t2, type: HumanTask, action: t2 }
          - { id: done, type: Finish }
        connections:
          - { source: a, target: t1 }
          - { source: t1, target: {{(afterFirst.Length > 0 ? "extra" : "t2")}} }
          {{(afterFirst.Length > 0 ? "- { source: extra, target: t2 }" : "")}}
          - { source: t2, target: done }
        """;
}
