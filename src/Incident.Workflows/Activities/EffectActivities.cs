using System.Text.Json.Nodes;
using Incident.Workflows.Expressions;

namespace Incident.Workflows.Activities;

internal sealed class SetStageActivity : Activity
{
    public static readonly string[] KnownStages = ["discovery", "assessment", "escalation", "governance", "closure"];

    private readonly string? _stage;

    public SetStageActivity(FieldReader fields)
        : base(fields.Id, fields.Type)
    {
        _stage = fields.String("stage", required: true);
        if (_stage is { Length: > 0 } && !KnownStages.Contains(_stage))
        {
            fields.Problem("stage", $"unknown stage '{_stage}' (expected one of {string.Join(", ", KnownStages)})");
        }
    }

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        await context.Host.SetStageAsync(context.Run, _stage!, context.CancellationToken);
        context.ContextChanged();
        return Step.Done;
    }
}

internal sealed class EscalateActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly int? _level = fields.Int("level");
    private readonly string? _reason = fields.String("reason");

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        var reason = _reason is null ? null : await context.RenderAsync(_reason);
        await context.Host.EscalateAsync(context.Run, _level, reason, context.CancellationToken);
        context.ContextChanged();
        return Step.Done;
    }
}

internal sealed class NotifyActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly WorkflowExpression? _departments = fields.Expression("departments", required: true);
    private readonly WorkflowExpression? _message = fields.Expression("message", required: true);

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        var departments = await context.EvaluateAsync(_departments!) switch
        {
            JsonArray list => list.Select(ExpressionEvaluator.AsText).Where(d => d.Length > 0).ToList(),
            null => [],
            var one => [ExpressionEvaluator.AsText(one)],
        };
        var message = _message!.IsScript
            ? await context.TextAsync(_message)
            : await context.RenderAsync(ExpressionEvaluator.AsText(_message.Literal));
        await context.Host.NotifyAsync(context.Run, departments, message, context.CancellationToken);
        return Step.Done;
    }
}
