using System.Text.Json.Nodes;

namespace Incident.Workflows.Runtime;

/// <summary>
/// The domain effects of a workflow, implemented by the application that hosts the engine.
/// Every call happens inside the caller's command: the host writes with its own connection
/// and transaction, the same ones it passed to the engine in <see cref="WorkflowSession"/>.
/// Throwing <see cref="WorkflowFaultException"/> while an activity executes or resumes faults the
/// instance (recorded, retryable); any other exception, and any exception from <c>FinishAsync</c>,
/// <c>WithdrawHandoffAsync</c> or a <c>TaskClosedAsync</c> for a cancelled task, propagates to the
/// caller, who rolls the transaction back.
/// </summary>
public interface IWorkflowHost
{
    /// <summary>The object exposed as <c>incident</c> to expressions and templates. Called again after effects that may change it.</summary>
    ValueTask<JsonObject> GetContextAsync(WorkflowRunContext run, CancellationToken cancellationToken);

    /// <summary>A <c>SetStage</c> activity moved the correlated case to a stage.</summary>
    ValueTask SetStageAsync(WorkflowRunContext run, string stage, CancellationToken cancellationToken);

    /// <summary>A <c>RequestHandoff</c> activity asks a department to take work; returns the id of the handoff the host created.</summary>
    ValueTask<string> RequestHandoffAsync(WorkflowRunContext run, HandoffRequest request, CancellationToken cancellationToken);

    /// <summary>The handoff's acceptance timer fired before anyone accepted or declined it.</summary>
    ValueTask ExpireHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken);

    /// <summary>The handoff is no longer awaited (a WaitAny join, a Finish or a cancellation ended its branch).</summary>
    ValueTask WithdrawHandoffAsync(WorkflowRunContext run, string handoffId, CancellationToken cancellationToken);

    /// <summary>An <c>Escalate</c> activity: <paramref name="level"/> is null for "one above the current level".</summary>
    ValueTask EscalateAsync(WorkflowRunContext run, int? level, string? reason, CancellationToken cancellationToken);

    /// <summary>A <c>Notify</c> activity with its rendered message.</summary>
    ValueTask NotifyAsync(WorkflowRunContext run, IReadOnlyList<string> departments, string message, CancellationToken cancellationToken);

    /// <summary>The instance finished (a <c>Finish</c> activity, or nothing left to do when resolution is null).</summary>
    ValueTask FinishAsync(WorkflowRunContext run, string? resolution, CancellationToken cancellationToken);

    /// <summary>A human task opened: its bookmark now waits for the action.</summary>
    ValueTask TaskOpenedAsync(WorkflowRunContext run, HumanTaskInfo task, CancellationToken cancellationToken);

    /// <summary>A human task closed with an outcome (a listed one, Done, Overdue, or Cancelled).</summary>
    ValueTask TaskClosedAsync(WorkflowRunContext run, HumanTaskInfo task, string outcome, CancellationToken cancellationToken);
}

/// <summary>Who is calling the host: the instance, its correlation and the activity being run.</summary>
/// <param name="InstanceId">The workflow instance.</param>
/// <param name="CorrelationId">The correlation id given at start (the API passes the incident id).</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="DefinitionVersion">Definition version the instance is pinned to.</param>
/// <param name="ActivityId">The activity being run.</param>
/// <param name="ActivityType">Its type.</param>
public sealed record WorkflowRunContext(
    Guid InstanceId,
    string CorrelationId,
    string DefinitionId,
    int DefinitionVersion,
    string ActivityId,
    string ActivityType);

/// <summary>A handoff to create.</summary>
/// <param name="ToDepartment">Department asked to take the work.</param>
/// <param name="Note">Note for the department.</param>
/// <param name="AcceptWithin">The acceptance SLA.</param>
/// <param name="DueAt">When the acceptance timer fires.</param>
public sealed record HandoffRequest(string ToDepartment, string? Note, TimeSpan AcceptWithin, DateTimeOffset DueAt);

/// <summary>A human task: the bookmark that waits for an action.</summary>
/// <param name="BookmarkId">The action bookmark's id (resume it by id, or by action name + correlation id).</param>
/// <param name="Action">The action name clients send.</param>
/// <param name="Label">Label for people.</param>
/// <param name="AllowedRoles">Roles allowed to act (empty: any).</param>
/// <param name="AllowedDepartments">Departments allowed to act (empty: any).</param>
/// <param name="Outcomes">Outcomes the input must name in <c>outcome</c>; empty when the task has only Done.</param>
/// <param name="DueAt">When the task becomes overdue, if it has an SLA.</param>
public sealed record HumanTaskInfo(
    Guid BookmarkId,
    string Action,
    string? Label,
    IReadOnlyList<string> AllowedRoles,
    IReadOnlyList<string> AllowedDepartments,
    IReadOnlyList<string> Outcomes,
    DateTimeOffset? DueAt);
