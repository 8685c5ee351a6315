using System.Text.Json.Nodes;
using Incident.Workflows.Expressions;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Activities;

/// What an activity sees while it runs: the token, the scope for expressions, the host, the clock.
internal sealed class ActivityContext(WorkflowExecution execution, Token token, Activity activity)
{
    public Token Token => token;

    public DateTimeOffset Now => execution.Now;

    public IWorkflowHost Host => execution.Host;

    public CancellationToken CancellationToken => execution.CancellationToken;

    public JsonObject Variables => execution.Instance.Variables;

    public WorkflowRunContext Run => execution.RunContext(activity);

    public async ValueTask<JsonNode?> EvaluateAsync(WorkflowExpression expression)
    {
        if (!expression.IsScript)
        {
            return expression.Literal?.DeepClone();
        }

        var incident = await execution.GetIncidentAsync(activity);
        return execution.Evaluator.Evaluate(expression, incident, Variables, execution.Instance.State.Input);
    }

    public async ValueTask<bool> ConditionAsync(WorkflowExpression expression) =>
        ExpressionEvaluator.IsTruthy(await EvaluateAsync(expression));

    public async ValueTask<string> TextAsync(WorkflowExpression expression) =>
        ExpressionEvaluator.AsText(await EvaluateAsync(expression));

    public async ValueTask<string> RenderAsync(string template)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }

        var incident = await execution.GetIncidentAsync(activity);
        return Template.Render(template, incident, Variables, execution.Instance.State.Input);
    }

    /// The host changed the correlated case: the next expression asks for a fresh context.
    public void ContextChanged() => execution.InvalidateIncident();

    public WorkflowBookmark Bookmark(string kind, string name, JsonNode? payload, DateTimeOffset? dueAt, JsonObject? metadata = null)
    {
        metadata ??= [];
        metadata["kind"] = kind;
        return new WorkflowBookmark(Guid.CreateVersion7(Now), execution.Instance.Id, activity.Id, name, payload, dueAt, metadata, Now);
    }
}
