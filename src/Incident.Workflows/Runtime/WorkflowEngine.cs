using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Incident.Workflows.Activities;
using Incident.Workflows.Definitions;
using Incident.Workflows.Expressions;
using Incident.Workflows.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Incident.Workflows.Runtime;

/// <summary>What to start: a definition (latest published version unless given) for a correlation id.</summary>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="CorrelationId">Correlation id (the API passes the incident id); unique among active instances.</param>
/// <param name="Version">A published version; null for the latest published one.</param>
/// <param name="Variables">Values that override the definition's initial variables.</param>
public sealed record StartWorkflow(string DefinitionId, string CorrelationId, int? Version = null, JsonObject? Variables = null);

/// <summary>A bookmark named by what it waits for: a HumanTask's action, or <c>handoff</c> with <c>{"handoffId": ...}</c>.</summary>
/// <param name="Name">Bookmark name.</param>
/// <param name="CorrelationId">Correlation id of the active instance.</param>
/// <param name="Payload">Payload (null for HumanTask actions).</param>
public sealed record BookmarkKey(string Name, string CorrelationId, JsonNode? Payload = null);

/// <summary>
/// The workflow engine. Register one per process (it caches compiled definition versions).
/// Every command runs on the caller's <see cref="WorkflowSession"/>: the engine writes instance
/// state, bookmarks, journal and faults in the caller's transaction and never commits.
/// Expected outcomes (a burned bookmark, bad input) are results, not exceptions.
/// </summary>
public sealed partial class WorkflowEngine
{
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledDefinition> _compiled = new();
    private readonly WorkflowDialect _dialect;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExpressionLimits _limits;

    /// <summary>Creates the engine for one SQL dialect.</summary>
    public WorkflowEngine(WorkflowDialect dialect, TimeProvider timeProvider, ILogger<WorkflowEngine>? logger = null)
        : this(dialect, timeProvider, logger, ExpressionLimits.Default)
    {
    }

    internal WorkflowEngine(WorkflowDialect dialect, TimeProvider timeProvider, ILogger? logger, ExpressionLimits limits)
    {
        _dialect = dialect;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _limits = limits;
    }

    /// <summary>Starts an instance and runs it until it waits, finishes or faults.</summary>
    public Task<WorkflowRunResult> StartAsync(WorkflowSession session, IWorkflowHost host, StartWorkflow request, CancellationToken cancellationToken = default) =>
        StartAsync(Store(session), host, request, cancellationToken);

    /// <summary>Resumes the instance waiting on a bookmark (a task action, a handoff answer, a due timer). Idempotent: a second resume gets BookmarkConsumed.</summary>
    public Task<WorkflowRunResult> ResumeAsync(WorkflowSession session, IWorkflowHost host, Guid bookmarkId, JsonObject? input = null, CancellationToken cancellationToken = default) =>
        ResumeAsync(Store(session), host, bookmarkId, input, cancellationToken);

    /// <summary>Resumes by (name, correlation id, payload), e.g. the action <c>triage</c> of an incident.</summary>
    public Task<WorkflowRunResult> ResumeAsync(WorkflowSession session, IWorkflowHost host, BookmarkKey key, JsonObject? input = null, CancellationToken cancellationToken = default) =>
        ResumeAsync(Store(session), host, key, input, cancellationToken);

    /// <summary>Timer bookmarks due now (by the engine's clock), oldest first; resume each by id in its own transaction.</summary>
    public Task<IReadOnlyList<DueTimer>> GetDueTimersAsync(WorkflowSession session, int limit, CancellationToken cancellationToken = default) =>
        Store(session).GetDueTimersAsync(_time.GetUtcNow(), limit, cancellationToken);

    /// <summary>Admin retry of a faulted instance: resolves its faults and re-executes the faulted activity.</summary>
    public Task<WorkflowRunResult> RetryAsync(WorkflowSession session, IWorkflowHost host, Guid instanceId, CancellationToken cancellationToken = default) =>
        RetryAsync(Store(session), host, instanceId, cancellationToken);

    /// <summary>Cancels an active instance: burns its bookmarks (withdrawing handoffs, closing tasks) without calling Finish.</summary>
    public Task<WorkflowRunResult> CancelAsync(WorkflowSession session, IWorkflowHost host, Guid instanceId, CancellationToken cancellationToken = default) =>
        CancelAsync(Store(session), host, instanceId, cancellationToken);

    /// <summary>
    /// Moves an active instance to another published version of its definition without running
    /// anything: waiting and ready activities are mapped by id (<paramref name="activityMapping"/>
    /// maps old id to new id; unmapped ids must exist in the new version with the same type).
    /// </summary>
    public Task<WorkflowRunResult> MigrateInstanceAsync(WorkflowSession session, Guid instanceId, int toVersion, IReadOnlyDictionary<string, string>? activityMapping = null, CancellationToken cancellationToken = default) =>
        MigrateInstanceAsync(Store(session), instanceId, toVersion, activityMapping ?? new Dictionary<string, string>(), cancellationToken);

    /// <summary>An instance by id.</summary>
    public async Task<WorkflowInstanceInfo?> GetInstanceAsync(WorkflowSession session, Guid instanceId, CancellationToken cancellationToken = default) =>
        (await Store(session).GetInstanceAsync(instanceId, forUpdate: false, cancellationToken))?.ToInfo();

    /// <summary>The most recent instance with a correlation id (active or not).</summary>
    public async Task<WorkflowInstanceInfo?> GetInstanceByCorrelationAsync(WorkflowSession session, string correlationId, CancellationToken cancellationToken = default)
    {
        var instances = await Store(session).GetInstancesByCorrelationAsync(correlationId, cancellationToken);
        return instances.Count == 0 ? null : instances[^1].ToInfo();
    }

    /// <summary>The live bookmarks of an instance (open tasks with their metadata, handoffs, timers).</summary>
    public Task<IReadOnlyList<WorkflowBookmark>> GetBookmarksAsync(WorkflowSession session, Guid instanceId, CancellationToken cancellationToken = default) =>
        Store(session).GetBookmarksAsync(instanceId, cancellationToken);

    /// <summary>The executed activities of an instance, in order.</summary>
    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(WorkflowSession session, Guid instanceId, CancellationToken cancellationToken = default) =>
        Store(session).GetJournalAsync(instanceId, cancellationToken);

    /// <summary>The faults of an instance, resolved ones included.</summary>
    public Task<IReadOnlyList<WorkflowFault>> GetFaultsAsync(WorkflowSession session, Guid instanceId, CancellationToken cancellationToken = default) =>
        Store(session).GetFaultsAsync(instanceId, cancellationToken);

    internal async Task<WorkflowRunResult> StartAsync(IWorkflowStore store, IWorkflowHost host, StartWorkflow request, CancellationToken ct)
    {
        var definition = await LoadAsync(store, request.DefinitionId, request.Version, publishedOnly: true, ct);
        if (definition is null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.DefinitionNotFound);
        }

        var active = (await store.GetInstancesByCorrelationAsync(request.CorrelationId, ct)).FirstOrDefault(i => i.FinishedAt is null);
        if (active is not null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.CorrelationInUse, active.Id);
        }

        var now = _time.GetUtcNow();
        var variables = (JsonObject)definition.Value.Compiled.Definition.Variables.DeepClone();
        foreach (var (name, value) in request.Variables ?? [])
        {
            variables[name] = value?.DeepClone();
        }

        var instance = new InstanceRecord
        {
            Id = Guid.CreateVersion7(now),
            DefinitionId = request.DefinitionId,
            DefinitionVersion = definition.Value.Version,
            CorrelationId = request.CorrelationId,
            Status = WorkflowInstanceStatus.Running,
            Variables = variables,
            State = new InstanceState(),
            Version = 1,
            CreatedAt = now,
        };
        var execution = new WorkflowExecution(definition.Value.Compiled, instance, host, _time, _limits, ct);
        await execution.StartAsync();
        instance.UpdatedAt = _time.GetUtcNow();
        await store.InsertInstanceAsync(instance, ct);
        await WriteEffectsAsync(store, instance, execution.Effects, ct);
        return Result(instance, execution.Effects);
    }

    internal async Task<WorkflowRunResult> ResumeAsync(IWorkflowStore store, IWorkflowHost host, Guid bookmarkId, JsonObject? input, CancellationToken ct) =>
        await ResumeAsync(store, host, await store.GetBookmarkAsync(bookmarkId, ct), input, ct);

    internal async Task<WorkflowRunResult> ResumeAsync(IWorkflowStore store, IWorkflowHost host, BookmarkKey key, JsonObject? input, CancellationToken ct) =>
        await ResumeAsync(store, host, await store.FindBookmarkAsync(key.CorrelationId, BookmarkHash.Compute(key.Name, key.Payload), ct), input, ct);

    private async Task<WorkflowRunResult> ResumeAsync(IWorkflowStore store, IWorkflowHost host, WorkflowBookmark? bookmark, JsonObject? input, CancellationToken ct)
    {
        if (bookmark is null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.BookmarkConsumed);
        }

        // Lock the instance first, then burn: of two racing resumes (accept vs timer) the second
        // waits here, then finds its bookmark gone (1 row or nothing).
        var instance = await store.GetInstanceAsync(bookmark.InstanceId, forUpdate: true, ct);
        var token = instance?.State.Waiting.Find(t => t.Bookmarks.Contains(bookmark.Id));
        if (instance is null || token is null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.BookmarkConsumed, instance?.Id);
        }

        if (instance.Status != WorkflowInstanceStatus.Suspended)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.NotResumable, instance.Id);
        }

        var definition = await CompiledAsync(store, instance, ct);
        var errors = definition[token.ActivityId].ValidateResume(bookmark, input);
        if (errors.Count > 0)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.InvalidInput, instance.Id, errors);
        }

        if (!await store.DeleteBookmarkAsync(bookmark.Id, ct))
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.BookmarkConsumed, instance.Id);
        }

        var expectedVersion = instance.Version;
        var execution = new WorkflowExecution(definition, instance, host, _time, _limits, ct);
        await execution.ResumeAsync(bookmark, input);
        return await SaveAsync(store, instance, expectedVersion, execution.Effects, ct);
    }

    internal async Task<WorkflowRunResult> RetryAsync(IWorkflowStore store, IWorkflowHost host, Guid instanceId, CancellationToken ct)
    {
        var instance = await store.GetInstanceAsync(instanceId, forUpdate: true, ct);
        if (instance is not { Status: WorkflowInstanceStatus.Faulted })
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.NotResumable, instance?.Id);
        }

        var expectedVersion = instance.Version;
        var execution = new WorkflowExecution(await CompiledAsync(store, instance, ct), instance, host, _time, _limits, ct);
        await execution.RetryAsync();
        return await SaveAsync(store, instance, expectedVersion, execution.Effects, ct);
    }

    internal async Task<WorkflowRunResult> CancelAsync(IWorkflowStore store, IWorkflowHost host, Guid instanceId, CancellationToken ct)
    {
        var instance = await store.GetInstanceAsync(instanceId, forUpdate: true, ct);
        if (instance is null || instance.FinishedAt is not null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.NotResumable, instance?.Id);
        }

        var expectedVersion = instance.Version;
        var execution = new WorkflowExecution(await CompiledAsync(store, instance, ct), instance, host, _time, _limits, ct);
        await execution.CancelAsync();
        return await SaveAsync(store, instance, expectedVersion, execution.Effects, ct);
    }

    private async Task<WorkflowRunResult> SaveAsync(IWorkflowStore store, InstanceRecord instance, int expectedVersion, RunEffects effects, CancellationToken ct)
    {
        instance.Version = expectedVersion + 1;
        instance.UpdatedAt = _time.GetUtcNow();
        if (!await store.UpdateInstanceAsync(instance, expectedVersion, ct))
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.ConcurrencyConflict, instance.Id);
        }

        await WriteEffectsAsync(store, instance, effects, ct);
        return Result(instance, effects);
    }

    private async Task WriteEffectsAsync(IWorkflowStore store, InstanceRecord instance, RunEffects effects, CancellationToken ct)
    {
        await store.WriteBookmarksAsync(effects.Created, effects.Deleted, ct);
        await store.AppendJournalAsync(effects.Journal, ct);
        if (effects.ResolveFaults)
        {
            await store.ResolveFaultsAsync(instance.Id, _time.GetUtcNow(), ct);
        }

        if (effects.Fault is { } fault)
        {
            await store.InsertFaultAsync(fault, ct);
            LogFault(_logger, instance.Id, instance.CorrelationId, fault.ActivityId, fault.Message);
        }
    }

    private static WorkflowRunResult Result(InstanceRecord instance, RunEffects effects) => new(
        effects.Fault is null ? WorkflowRunStatus.Executed : WorkflowRunStatus.Faulted,
        instance.Id, instance.Status, [], effects.Fault, [.. effects.Created], [.. effects.Burned]);

    private async Task<CompiledDefinition> CompiledAsync(IWorkflowStore store, InstanceRecord instance, CancellationToken ct) =>
        (await LoadAsync(store, instance.DefinitionId, instance.DefinitionVersion, publishedOnly: false, ct))?.Compiled
        ?? throw new InvalidOperationException($"definition {instance.DefinitionId} v{instance.DefinitionVersion} of instance {instance.Id} is missing");

    private async Task<(CompiledDefinition Compiled, int Version)?> LoadAsync(IWorkflowStore store, string definitionId, int? version, bool publishedOnly, CancellationToken ct)
    {
        if (version is { } v && !publishedOnly && _compiled.TryGetValue((definitionId, v), out var cached))
        {
            return (cached, v);
        }

        var stored = await store.GetDefinitionAsync(definitionId, version, publishedOnly, ct);
        if (stored is null)
        {
            return null;
        }

        // A stored version never changes (a save makes a new version), so its compiled form is cached for good.
        var compiled = _compiled.GetOrAdd((stored.DefinitionId, stored.Version), _ =>
            WorkflowDefinitionParser.Parse(stored.Document, stored.Format, DocumentLimits.Stored).Compiled
            ?? throw new InvalidOperationException($"stored definition {stored.DefinitionId} v{stored.Version} no longer validates"));
        return (compiled, stored.Version);
    }

    private WorkflowStore Store(WorkflowSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new WorkflowStore(_dialect, session.Connection, session.Transaction);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId} ({CorrelationId}) faulted at {ActivityId}: {Message}")]
    private static partial void LogFault(ILogger logger, Guid instanceId, string correlationId, string activityId, string message);
}
