using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Tests.Support;

/// The outside world of the engine, in memory: records every effect as a line ("SetStage assessment").
internal sealed class FakeHost : IWorkflowHost
{
    private int _handoffs;

    public ConcurrentQueue<string> Calls { get; } = new();

    public JsonObject Incident { get; } = new()
    {
        ["id"] = "inc-1",
        ["key"] = "INC-1",
        ["title"] = "Spam wave",
        ["severity"] = "S1",
        ["category"] = "spam",
        ["businessLine"] = "short-video",
        ["stage"] = "discovery",
        ["ownerDepartment"] = "risk-ops",
        ["escalationLevel"] = 0,
        ["categoryPartnerDepartment"] = "product",
    };

    public Func<string, Exception?> FailOn { get; set; } = _ => null;

    public IEnumerable<string> Effects(string prefix) => Calls.Where(c => c.StartsWith(prefix, StringComparison.Ordinal));

    public ValueTask<JsonObject> GetContextAsync(WorkflowRunContext run, CancellationToken cancellationToken) =>
        ValueTask.FromResult((JsonObject)Incident.DeepClone());

    public ValueTask SetStageAsync(WorkflowRunContext run, string stage, CancellationToken cancellationToken)
    {
        Record($"SetStage {stage}");
        Incident["stage"] = stage;
        return ValueTask.CompletedTask;
    }

    public ValueTask<string> RequestHandoffAsync(WorkflowRunContext run, HandoffRequest request, CancellationToken cancellationToken)
    {
        var id = $"h{Interlocked.Increment(ref _handoffs)}";
        Record($"RequestHandoff {request.ToDepartment} {id}");
        return ValueTask.FromResult(id);
    }

    public ValueTask ExpireHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken) =>
        Done($"ExpireHandoff {handoffId}");

    public ValueTask WithdrawHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken) =>
        Done($"WithdrawHandoff {handoffId}");

    public ValueTask EscalateAsync(WorkflowRunContext run, int? level, string? reason, CancellationToken cancellationToken)
    {
        Record($"Escalate {level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "+1"} {reason}".TrimEnd());
        Incident["escalationLevel"] = level ?? ((int)Incident["escalationLevel"]! + 1);
        return ValueTask.CompletedTask;
    }

    public ValueTask NotifyAsync(WorkflowRunContext run, IReadOnlyList<string> departments, string message, CancellationToken cancellationToken) =>
        Done($"Notify {string.Join(",", departments)}: {message}");

    public ValueTask FinishAsync(WorkflowRunContext run, string? resolution, CancellationToken cancellationToken) =>
        Done($"Finish {resolution}".TrimEnd());

    public ValueTask TaskOpenedAsync(WorkflowRunContext run, HumanTaskInfo task, CancellationToken cancellationToken) =>
        Done($"TaskOpened {task.Action}");

    public ValueTask TaskClosedAsync(WorkflowRunContext run, HumanTaskInfo task, string outcome, CancellationToken cancellationToken) =>
        Done($"TaskClosed {task.Action} {outcome}");

    private ValueTask Done(string call)
    {
        Record(call);
        return ValueTask.CompletedTask;
    }

    private void Record(string call)
    {
        if (FailOn(call) is { } ex)
        {
            throw ex;
        }

        Calls.Enqueue(call);
    }
}
