using Incident.Workflows.Persistence;

namespace Incident.Workflows.Runtime;

public sealed partial class WorkflowEngine
{
    // DESIGN.md "Strict version pinning": migrating is explicit and never replays completed steps,
    // so nothing runs here; only the pointers (tokens, fork frames, bookmarks) move to the new ids.
    internal async Task<WorkflowRunResult> MigrateInstanceAsync(IWorkflowStore store, Guid instanceId, int toVersion, IReadOnlyDictionary<string, string> mapping, CancellationToken ct)
    {
        var instance = await store.GetInstanceAsync(instanceId, forUpdate: true, ct);
        if (instance is null || instance.FinishedAt is not null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.NotResumable, instance?.Id);
        }

        var target = await LoadAsync(store, instance.DefinitionId, toVersion, publishedOnly: true, ct);
        if (target is null)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.DefinitionNotFound, instance.Id);
        }

        var source = await CompiledAsync(store, instance, ct);
        var to = target.Value.Compiled;
        string Map(string id) => mapping.TryGetValue(id, out var mapped) ? mapped : id;

        List<WorkflowInputError> errors = [];
        foreach (var token in ActiveTokens(instance.State))
        {
            var mapped = Map(token.ActivityId);
            if (!to.Contains(mapped))
            {
                errors.Add(new(token.ActivityId, $"activity '{token.ActivityId}' is active but version {toVersion} has no activity '{mapped}': map it"));
            }
            else if (to[mapped].Type != source[token.ActivityId].Type)
            {
                errors.Add(new(token.ActivityId, $"activity '{token.ActivityId}' ({source[token.ActivityId].Type}) cannot become '{mapped}' ({to[mapped].Type})"));
            }
        }

        foreach (var frame in instance.State.Forks.Where(f => f.JoinId is not null && !to.Contains(Map(f.JoinId))))
        {
            errors.Add(new(frame.JoinId!, $"join '{frame.JoinId}' has arrivals but version {toVersion} has no activity '{Map(frame.JoinId!)}': map it"));
        }

        if (errors.Count > 0)
        {
            return WorkflowRunResult.Rejected(WorkflowRunStatus.MigrationRejected, instance.Id, errors);
        }

        foreach (var token in ActiveTokens(instance.State))
        {
            var mapped = Map(token.ActivityId);
            if (mapped != token.ActivityId)
            {
                foreach (var bookmarkId in token.Bookmarks)
                {
                    await store.MoveBookmarkAsync(bookmarkId, mapped, ct);
                }

                token.ActivityId = mapped;
            }
        }

        foreach (var frame in instance.State.Forks)
        {
            frame.ForkActivityId = Map(frame.ForkActivityId);
            frame.JoinId = frame.JoinId is null ? null : Map(frame.JoinId);
        }

        var from = instance.DefinitionVersion;
        instance.DefinitionVersion = target.Value.Version;
        var effects = new RunEffects();
        effects.Journal.Add(new WorkflowJournalEntry(instance.Id, ++instance.State.JournalSeq, "", "Migration", $"v{from}->v{toVersion}", _time.GetUtcNow()));
        return await SaveAsync(store, instance, instance.Version, effects, ct);
    }

    /// <summary>Tokens at an activity: ready, waiting, or held by a faulted resume that a retry will resume.</summary>
    private static IEnumerable<Token> ActiveTokens(InstanceState state) =>
        state.Ready.Concat(state.Waiting).Concat(state.Resume is { } pending ? [pending.Token] : []);
}
