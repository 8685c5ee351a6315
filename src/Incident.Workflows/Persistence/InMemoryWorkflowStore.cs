using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Persistence;

/// The persistence seam in memory, for engine unit tests and the benchmark. Instances are kept
/// serialized so that a run never shares mutable state with what is "stored".
internal sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _gate = new();
    private readonly List<StoredWorkflowDefinition> _definitions = [];
    private readonly Dictionary<Guid, (InstanceRecord Record, string Variables, string State)> _instances = [];
    private readonly Dictionary<Guid, WorkflowBookmark> _bookmarks = [];
    private readonly List<WorkflowJournalEntry> _journal = [];
    private readonly List<WorkflowFault> _faults = [];

    public void AddDefinition(StoredWorkflowDefinition definition)
    {
        lock (_gate)
        {
            _definitions.Add(definition);
        }
    }

    public Task<StoredWorkflowDefinition?> GetDefinitionAsync(string definitionId, int? version, bool publishedOnly, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_definitions
                .Where(d => d.DefinitionId == definitionId && (version is null || d.Version == version))
                .Where(d => !publishedOnly || d.Status == DefinitionStatus.Published)
                .MaxBy(d => d.Version));
        }
    }

    public Task<InstanceRecord?> GetInstanceAsync(Guid instanceId, bool forUpdate, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var stored) ? Materialize(stored) : null);
        }
    }

    public Task<IReadOnlyList<InstanceRecord>> GetInstancesByCorrelationAsync(string correlationId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InstanceRecord>>([.. _instances.Values
                .Where(i => i.Record.CorrelationId == correlationId)
                .OrderBy(i => i.Record.CreatedAt)
                .Select(Materialize)]);
        }
    }

    public Task InsertInstanceAsync(InstanceRecord instance, CancellationToken ct)
    {
        lock (_gate)
        {
            _instances.Add(instance.Id, Snapshot(instance));
        }

        return Task.CompletedTask;
    }

    public Task<bool> UpdateInstanceAsync(InstanceRecord instance, int expectedVersion, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instance.Id, out var stored) || stored.Record.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _instances[instance.Id] = Snapshot(instance);
            return Task.FromResult(true);
        }
    }

    public Task<WorkflowBookmark?> GetBookmarkAsync(Guid bookmarkId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_bookmarks.GetValueOrDefault(bookmarkId));
        }
    }

    public Task<WorkflowBookmark?> FindBookmarkAsync(string correlationId, string hash, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_bookmarks.Values
                .Where(b => b.Hash == hash && _instances.TryGetValue(b.InstanceId, out var i) && i.Record.CorrelationId == correlationId && i.Record.FinishedAt is null)
                .OrderBy(b => b.CreatedAt)
                .FirstOrDefault());
        }
    }

    public Task<IReadOnlyList<WorkflowBookmark>> GetBookmarksAsync(Guid instanceId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowBookmark>>([.. _bookmarks.Values.Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt)]);
        }
    }

    public Task<bool> DeleteBookmarkAsync(Guid bookmarkId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_bookmarks.Remove(bookmarkId));
        }
    }

    public Task WriteBookmarksAsync(IReadOnlyList<WorkflowBookmark> created, IReadOnlyList<Guid> deleted, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var id in deleted)
            {
                _bookmarks.Remove(id);
            }

            foreach (var bookmark in created)
            {
                _bookmarks.Add(bookmark.Id, bookmark);
            }
        }

        return Task.CompletedTask;
    }

    public Task MoveBookmarkAsync(Guid bookmarkId, string activityId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_bookmarks.TryGetValue(bookmarkId, out var bookmark))
            {
                _bookmarks[bookmarkId] = bookmark with { ActivityId = activityId };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DueTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<DueTimer>>([.. _bookmarks.Values
                .Where(b => b.DueAt <= now && _instances[b.InstanceId].Record.Status == WorkflowInstanceStatus.Suspended)
                .OrderBy(b => b.DueAt)
                .Take(limit)
                .Select(b => new DueTimer(b.Id, b.InstanceId, _instances[b.InstanceId].Record.CorrelationId, b.DueAt!.Value))]);
        }
    }

    public Task AppendJournalAsync(IReadOnlyList<WorkflowJournalEntry> entries, CancellationToken ct)
    {
        lock (_gate)
        {
            _journal.AddRange(entries);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid instanceId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowJournalEntry>>([.. _journal.Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq)]);
        }
    }

    public Task InsertFaultAsync(WorkflowFault fault, CancellationToken ct)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }

        return Task.CompletedTask;
    }

    public Task ResolveFaultsAsync(Guid instanceId, DateTimeOffset at, CancellationToken ct)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                if (_faults[i].InstanceId == instanceId && _faults[i].ResolvedAt is null)
                {
                    _faults[i] = _faults[i] with { ResolvedAt = at };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkflowFault>> GetFaultsAsync(Guid instanceId, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowFault>>([.. _faults.Where(f => f.InstanceId == instanceId)]);
        }
    }

    private static (InstanceRecord, string, string) Snapshot(InstanceRecord i) => (i, i.Variables.ToJsonString(), i.State.Serialize());

    private static InstanceRecord Materialize((InstanceRecord Record, string Variables, string State) stored) => new()
    {
        Id = stored.Record.Id,
        DefinitionId = stored.Record.DefinitionId,
        DefinitionVersion = stored.Record.DefinitionVersion,
        CorrelationId = stored.Record.CorrelationId,
        Status = stored.Record.Status,
        Variables = JsonNode.Parse(stored.Variables) as JsonObject ?? [],
        State = InstanceState.Deserialize(stored.State),
        Version = stored.Record.Version,
        CreatedAt = stored.Record.CreatedAt,
        UpdatedAt = stored.Record.UpdatedAt,
        FinishedAt = stored.Record.FinishedAt,
    };
}
