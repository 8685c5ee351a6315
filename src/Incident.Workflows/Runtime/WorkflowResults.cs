using System.Data.Common;
using System.Text.Json.Nodes;

namespace Incident.Workflows.Runtime;

/// <summary>The caller's open connection and transaction; the engine writes in them and never commits.</summary>
/// <param name="Connection">An open connection.</param>
/// <param name="Transaction">The caller's transaction (required for SQLite's BEGIN IMMEDIATE serialization and for atomicity).</param>
public sealed record WorkflowSession(DbConnection Connection, DbTransaction? Transaction);

/// <summary>Lifecycle of an instance.</summary>
public enum WorkflowInstanceStatus
{
    /// <summary>Executing (only seen inside a run).</summary>
    Running,

    /// <summary>Waiting on bookmarks.</summary>
    Suspended,

    /// <summary>Ended by Finish, or nothing left to do.</summary>
    Finished,

    /// <summary>An activity faulted; see the faults; an admin may Retry.</summary>
    Faulted,

    /// <summary>Cancelled by the host.</summary>
    Cancelled,
}

/// <summary>What happened to a start, resume, retry, migration or cancellation.</summary>
public enum WorkflowRunStatus
{
    /// <summary>The instance ran; its new status is in the result.</summary>
    Executed,

    /// <summary>An activity faulted; the fault is recorded and the instance is Faulted. Commit to keep the record.</summary>
    Faulted,

    /// <summary>No live bookmark: consumed by an earlier resume, burned by a sibling (accept vs timer), or never existed. Nothing ran.</summary>
    BookmarkConsumed,

    /// <summary>The input does not satisfy the task (outcome, input schema); see Errors. Nothing changed.</summary>
    InvalidInput,

    /// <summary>The instance is finished, cancelled or faulted and cannot be resumed. Nothing changed.</summary>
    NotResumable,

    /// <summary>Another active instance already has this correlation id. Nothing changed.</summary>
    CorrelationInUse,

    /// <summary>No such definition version (or no published one). Nothing changed.</summary>
    DefinitionNotFound,

    /// <summary>The instance row changed under us (optimistic version check). Roll back and retry.</summary>
    ConcurrencyConflict,

    /// <summary>A migration mapping does not fit the target version; see Errors. Nothing changed.</summary>
    MigrationRejected,
}

/// <summary>One problem with an action's input, or with a migration mapping.</summary>
/// <param name="Path">JSON path or activity id concerned.</param>
/// <param name="Message">What is wrong.</param>
public sealed record WorkflowInputError(string Path, string Message);

/// <summary>The result of a command on the engine: never an exception for an expected outcome.</summary>
/// <param name="Status">What happened.</param>
/// <param name="InstanceId">The instance concerned, when known.</param>
/// <param name="InstanceStatus">The instance's status after the command, when it ran.</param>
/// <param name="Errors">Input or migration errors.</param>
/// <param name="Fault">The fault recorded by this run, if any.</param>
/// <param name="CreatedBookmarks">Bookmarks created by this run (tasks, handoffs, timers).</param>
/// <param name="BurnedBookmarkIds">Bookmarks removed by this run, the resumed one included.</param>
public sealed record WorkflowRunResult(
    WorkflowRunStatus Status,
    Guid? InstanceId,
    WorkflowInstanceStatus? InstanceStatus,
    IReadOnlyList<WorkflowInputError> Errors,
    WorkflowFault? Fault,
    IReadOnlyList<WorkflowBookmark> CreatedBookmarks,
    IReadOnlyList<Guid> BurnedBookmarkIds)
{
    internal static WorkflowRunResult Rejected(WorkflowRunStatus status, Guid? instanceId = null, IReadOnlyList<WorkflowInputError>? errors = null) =>
        new(status, instanceId, null, errors ?? [], null, [], []);
}

/// <summary>A bookmark: a named, hashed point where an instance waits. Timers have <see cref="DueAt"/>.</summary>
/// <param name="Id">Bookmark id (resume by id).</param>
/// <param name="InstanceId">Owning instance.</param>
/// <param name="ActivityId">Waiting activity.</param>
/// <param name="Name">Name: a HumanTask's action, <c>handoff</c>, <c>handoff-timer</c>, <c>timer</c>, <c>delay</c>.</param>
/// <param name="Payload">Payload that with the name makes the hash (e.g. <c>{"handoffId": "..."}</c>).</param>
/// <param name="DueAt">When a timer is due; null for non-timers.</param>
/// <param name="Metadata">
/// <c>kind</c>: <c>action</c> (a HumanTask waiting for its action; also label, allowedRoles, allowedDepartments,
/// inputSchema, outcomes, dueAt), <c>overdue</c> (the task's SLA timer), <c>accept</c> (a handoff's answer;
/// also toDepartment, dueAt), <c>expiry</c> (the handoff's SLA timer) or <c>delay</c>.
/// </param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record WorkflowBookmark(
    Guid Id,
    Guid InstanceId,
    string ActivityId,
    string Name,
    JsonNode? Payload,
    DateTimeOffset? DueAt,
    JsonObject? Metadata,
    DateTimeOffset CreatedAt)
{
    internal string Hash { get; init; } = BookmarkHash.Compute(Name, Payload);

    internal string Kind => Metadata?["kind"]?.GetValue<string>() ?? "";
}

/// <summary>An executed activity.</summary>
/// <param name="InstanceId">Instance.</param>
/// <param name="Seq">1-based sequence within the instance.</param>
/// <param name="ActivityId">Activity id.</param>
/// <param name="ActivityType">Activity type.</param>
/// <param name="Outcome">Outcome taken (null for Finish; <c>Faulted</c> for a fault).</param>
/// <param name="OccurredAt">When.</param>
public sealed record WorkflowJournalEntry(Guid InstanceId, int Seq, string ActivityId, string ActivityType, string? Outcome, DateTimeOffset OccurredAt);

/// <summary>A recorded fault.</summary>
/// <param name="Id">Fault id.</param>
/// <param name="InstanceId">Instance.</param>
/// <param name="ActivityId">Faulted activity.</param>
/// <param name="Message">What failed.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="ResolvedAt">When a Retry resolved it.</param>
public sealed record WorkflowFault(Guid Id, Guid InstanceId, string ActivityId, string Message, DateTimeOffset OccurredAt, DateTimeOffset? ResolvedAt);

/// <summary>An instance as stored.</summary>
/// <param name="Id">Instance id.</param>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="DefinitionVersion">Pinned version.</param>
/// <param name="CorrelationId">Correlation id.</param>
/// <param name="Status">Status.</param>
/// <param name="Variables">Variables.</param>
/// <param name="ActiveActivityIds">Activities waiting (or faulted/ready) right now.</param>
/// <param name="Version">Row version (optimistic concurrency).</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="UpdatedAt">Last written.</param>
/// <param name="FinishedAt">Finished or cancelled.</param>
public sealed record WorkflowInstanceInfo(
    Guid Id,
    string DefinitionId,
    int DefinitionVersion,
    string CorrelationId,
    WorkflowInstanceStatus Status,
    JsonObject Variables,
    IReadOnlyList<string> ActiveActivityIds,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A timer bookmark that is due; resume it by <see cref="BookmarkId"/>.</summary>
/// <param name="BookmarkId">Bookmark to resume.</param>
/// <param name="InstanceId">Instance.</param>
/// <param name="CorrelationId">Correlation id (handy for the caller's locks and logs).</param>
/// <param name="DueAt">When it was due.</param>
public sealed record DueTimer(Guid BookmarkId, Guid InstanceId, string CorrelationId, DateTimeOffset DueAt);
