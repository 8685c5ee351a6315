using Incident.Workflows.Expressions;

namespace Incident.Workflows.Activities;

internal sealed class DecisionActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly WorkflowExpression? _condition = fields.Expression("condition", required: true);

    public override IReadOnlyCollection<string> Outcomes { get; } = ["True", "False"];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context) =>
        new Step.Outcome(await context.ConditionAsync(_condition!) ? "True" : "False");
}

internal sealed class SwitchActivity : Activity
{
    private readonly List<(string Outcome, WorkflowExpression Condition)> _cases = [];
    private readonly string _default;

    public SwitchActivity(FieldReader fields)
        : base(fields.Id, fields.Type)
    {
        _default = fields.String("default") ?? "Default";
        if (fields.Node("cases") is not System.Text.Json.Nodes.JsonArray cases || cases.Count == 0)
        {
            fields.Problem("cases", "missing required field 'cases' (a non-empty list of { outcome, condition })");
        }
        else
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var outcome = FieldReader.Text(cases[i]?["outcome"]);
                var condition = WorkflowExpression.Parse(cases[i]?["condition"], out var error);
                if (outcome is not { Length: > 0 } || cases[i]?["condition"] is null)
                {
                    fields.Problem($"cases[{i}]", "a case needs an outcome and a condition");
                }
                else if (error is not null)
                {
                    fields.Problem($"cases[{i}].condition", error);
                }
                else
                {
                    _cases.Add((outcome, condition!));
                }
            }
        }

        Outcomes = [.. _cases.Select(c => c.Outcome).Append(_default).Distinct()];
    }

    public override IReadOnlyCollection<string> Outcomes { get; }

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        foreach (var (outcome, condition) in _cases)
        {
            if (await context.ConditionAsync(condition))
            {
                return new Step.Outcome(outcome);
            }
        }

        return new Step.Outcome(_default);
    }
}

internal sealed class ForkActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly IReadOnlyList<string> _branches = fields.Strings("branches", required: true);

    public override IReadOnlyCollection<string> Outcomes => _branches;

    public override ValueTask<Step> ExecuteAsync(ActivityContext context) => ValueTask.FromResult<Step>(new Step.Branches(_branches));
}

internal sealed class JoinActivity : Activity
{
    private readonly bool _waitAny;

    public JoinActivity(FieldReader fields)
        : base(fields.Id, fields.Type)
    {
        var mode = fields.String("mode") ?? "WaitAll";
        if (mode is not ("WaitAll" or "WaitAny"))
        {
            fields.Problem("mode", $"unknown join mode '{mode}' (expected WaitAll or WaitAny)");
        }

        _waitAny = mode == "WaitAny";
    }

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override ValueTask<Step> ExecuteAsync(ActivityContext context) => ValueTask.FromResult<Step>(new Step.Join(_waitAny));
}

internal sealed class SetVariableActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly string? _name = fields.String("name", required: true);
    private readonly WorkflowExpression? _value = fields.Expression("value", required: true);

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        context.Variables[_name!] = await context.EvaluateAsync(_value!);
        return Step.Done;
    }
}

internal sealed class FinishActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly WorkflowExpression? _resolution = fields.Expression("resolution");

    public override IReadOnlyCollection<string> Outcomes { get; } = [];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context) =>
        new Step.Finish(_resolution is null ? null : await context.TextAsync(_resolution));
}
