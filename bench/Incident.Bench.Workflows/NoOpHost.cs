using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;

namespace Incident.Bench.Workflows;

internal sealed class NoOpHost : IWorkflowHost
{
    private readonly JsonObject _incident = new() { ["key"] = "INC-1", ["severity"] = "S1" };

    public ValueTask<JsonObject> GetContextAsync(WorkflowRunContext run, CancellationToken cancellationToken) => ValueTask.FromResult(_incident);

    public ValueTask SetStageAsync(WorkflowRunContext run, string stage, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<string> RequestHandoffAsync(WorkflowRunContext run, HandoffRequest request, CancellationToken cancellationToken) => ValueTask.FromResult("h");

    public ValueTask ExpireHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WithdrawHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask EscalateAsync(WorkflowRunContext run, int? level, string? reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask NotifyAsync(WorkflowRunContext run, IReadOnlyList<string> departments, string message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FinishAsync(WorkflowRunContext run, string? resolution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask TaskOpenedAsync(WorkflowRunContext run, HumanTaskInfo task, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask TaskClosedAsync(WorkflowRunContext run, HumanTaskInfo task, string outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
