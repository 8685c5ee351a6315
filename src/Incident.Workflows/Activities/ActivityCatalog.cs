using Incident.Workflows.Definitions;

namespace Incident.Workflows.Activities;

/// The core activity types of WORKFLOWS.md, by type name.
internal static class ActivityCatalog
{
    private static readonly Dictionary<string, Func<FieldReader, Activity>> Factories = new(StringComparer.Ordinal)
    {
        ["SetStage"] = f => new SetStageActivity(f),
        ["HumanTask"] = f => new HumanTaskActivity(f),
        ["RequestHandoff"] = f => new RequestHandoffActivity(f),
        ["Delay"] = f => new DelayActivity(f),
        ["AwaitSignal"] = f => new AwaitSignalActivity(f),
        ["AwaitGovernanceEffect"] = f => new AwaitGovernanceEffectActivity(f),
        ["Decision"] = f => new DecisionActivity(f),
        ["Switch"] = f => new SwitchActivity(f),
        ["Fork"] = f => new ForkActivity(f),
        ["Join"] = f => new JoinActivity(f),
        ["Escalate"] = f => new EscalateActivity(f),
        ["Notify"] = f => new NotifyActivity(f),
        ["SetVariable"] = f => new SetVariableActivity(f),
        ["Finish"] = f => new FinishActivity(f),
    };

    public static IReadOnlyCollection<string> Types => Factories.Keys;

    public static Activity? Compile(ActivityDefinition definition, string path, List<DefinitionProblem> problems)
    {
        if (!Factories.TryGetValue(definition.Type, out var factory))
        {
            problems.Add(new(definition.Id, $"{path}.type", $"unknown activity type '{definition.Type}' (expected one of {string.Join(", ", Factories.Keys)})"));
            return null;
        }

        return factory(new FieldReader(definition, path, problems));
    }
}

/// A validated definition ready to run: activities by id and the routing table of connections.
internal sealed class CompiledDefinition(
    WorkflowDefinition definition,
    IReadOnlyDictionary<string, Activity> activities,
    IReadOnlyDictionary<(string Source, string Outcome), string[]> routes)
{
    public WorkflowDefinition Definition => definition;

    public Activity this[string activityId] => activities[activityId];

    public bool Contains(string activityId) => activities.ContainsKey(activityId);

    public string[] Targets(string source, string outcome) =>
        routes.TryGetValue((source, outcome), out var targets) ? targets : [];
}
