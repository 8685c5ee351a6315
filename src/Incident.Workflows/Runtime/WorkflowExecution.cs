using System.Text.Json.Nodes;
using Incident.Workflows.Activities;
using Incident.Workflows.Expressions;

namespace Incident.Workflows.Runtime;

/// One run of one instance: moves tokens through the flowchart until every token waits, the
/// instance finishes, or an activity faults. It touches no database; it records what changed
/// in <see cref="Effects"/> and the engine writes that in the caller's transaction.
internal sealed class WorkflowExecution(
    CompiledDefinition definition,
    InstanceRecord instance,
    IWorkflowHost host,
    TimeProvider time,
    ExpressionLimits limits,
    CancellationToken cancellationToken)
{
    private JsonObject? _incident;

    public RunEffects Effects { get; } = new();

    public InstanceRecord Instance => instance;

    public IWorkflowHost Host => host;

    public CancellationToken CancellationToken => cancellationToken;

    public DateTimeOffset Now => time.GetUtcNow();

    public ExpressionEvaluator Evaluator { get; } = new(limits);

    private InstanceState State => instance.State;

    public WorkflowRunContext RunContext(Activity activity) => RunContext(activity.Id, activity.Type);

    public async ValueTask<JsonObject> GetIncidentAsync(Activity activity) =>
        _incident ??= await host.GetContextAsync(RunContext(activity), cancellationToken);

    public void InvalidateIncident() => _incident = null;

    public Task StartAsync()
    {
        State.Ready.Add(new Token { Id = State.NewId(), ActivityId = definition.Definition.Start });
        return RunAsync();
    }

    public async Task ResumeAsync(WorkflowBookmark bookmark, JsonObject? input)
    {
        var token = State.Waiting.First(t => t.Bookmarks.Contains(bookmark.Id));
        State.Waiting.Remove(token);
        Effects.Burned.Add(bookmark.Id);
        Burn(token, except: bookmark.Id);
        if (bookmark.Kind is "action" or "accept")
        {
            State.Input = (JsonObject?)input?.DeepClone();
        }

        instance.Status = WorkflowInstanceStatus.Running;
        if (await ResumeActivityAsync(token, bookmark, input))
        {
            await RunAsync();
        }
    }

    public async Task RetryAsync()
    {
        Effects.ResolveFaults = true;
        instance.Status = WorkflowInstanceStatus.Running;
        if (State.Resume is { Bookmark: { } bookmark } pending)
        {
            // The fault was in a resume: resume again with what was answered then.
            State.Resume = null;
            if (bookmark.Kind is "action" or "accept")
            {
                State.Input = (JsonObject?)pending.Input?.DeepClone();
            }

            if (!await ResumeActivityAsync(pending.Token, bookmark, pending.Input))
            {
                return;
            }
        }

        await RunAsync();
    }

    /// <summary>Resumes the token's activity; on a fault keeps what a retry needs and says false.</summary>
    private async Task<bool> ResumeActivityAsync(Token token, WorkflowBookmark bookmark, JsonObject? input)
    {
        var activity = definition[token.ActivityId];
        Step step;
        try
        {
            step = await activity.ResumeAsync(new ActivityContext(this, token, activity), bookmark, input);
        }
        catch (WorkflowFaultException ex)
        {
            State.Resume = new FaultedResume { Token = token, Bookmark = bookmark, Input = (JsonObject?)input?.DeepClone() };
            RecordFault(activity, ex);
            return false;
        }

        await ApplyAsync(token, activity, step);
        return true;
    }

    public async Task CancelAsync()
    {
        foreach (var token in State.Waiting.ToList())
        {
            await CancelTokenAsync(token);
        }

        State.Ready.Clear();
        State.Forks.Clear();
        instance.Status = WorkflowInstanceStatus.Cancelled;
        instance.FinishedAt = Now;
    }

    private async Task RunAsync()
    {
        instance.Status = WorkflowInstanceStatus.Running;
        while (State.Ready.Count > 0 && instance.Status == WorkflowInstanceStatus.Running)
        {
            var token = State.Ready[0];
            var activity = definition[token.ActivityId];
            Step step;
            try
            {
                step = await activity.ExecuteAsync(new ActivityContext(this, token, activity));
            }
            catch (WorkflowFaultException ex)
            {
                RecordFault(activity, ex);
                return;
            }

            State.Ready.RemoveAt(0);
            await ApplyAsync(token, activity, step);
        }

        if (instance.Status != WorkflowInstanceStatus.Running)
        {
            return;
        }

        if (State.Waiting.Count > 0)
        {
            instance.Status = WorkflowInstanceStatus.Suspended;
            return;
        }

        // Nothing waits and nothing is ready: the flowchart has run out (ADR-0002: treated as finished).
        instance.Status = WorkflowInstanceStatus.Finished;
        instance.FinishedAt = Now;
        State.Forks.Clear();
        await host.FinishAsync(RunContext("", ""), null, cancellationToken);
    }

    private async Task ApplyAsync(Token token, Activity activity, Step step)
    {
        token.Bookmarks = [];
        token.Ref = null;
        switch (step)
        {
            case Step.Outcome outcome:
                Journal(activity, outcome.Name);
                Advance(token, outcome.Name);
                break;
            case Step.Branches branches:
                Journal(activity, string.Join(",", branches.Names));
                Fork(token, activity, branches.Names);
                break;
            case Step.Wait wait:
                token.Bookmarks = [.. wait.Bookmarks.Select(b => b.Id)];
                token.Ref = wait.Ref;
                State.Waiting.Add(token);
                Effects.Created.AddRange(wait.Bookmarks);
                break;
            case Step.Finish finish:
                Journal(activity, null);
                await FinishAsync(activity, finish.Resolution);
                break;
            case Step.Join join:
                await JoinAsync(token, activity, join.WaitAny);
                break;
        }
    }

    private void Advance(Token token, string outcome)
    {
        var targets = definition.Targets(token.ActivityId, outcome);
        if (targets.Length == 0)
        {
            Die(token.Scopes);
            return;
        }

        token.ActivityId = targets[0];
        State.Ready.Add(token);
        for (var i = 1; i < targets.Length; i++)
        {
            State.Ready.Add(new Token { Id = State.NewId(), ActivityId = targets[i], Scopes = [.. token.Scopes] });
            if (token.Scopes.Count > 0 && Frame(token.Scopes[^1].Fork) is { } frame)
            {
                frame.Live[token.Scopes[^1].Branch]++;
            }
        }
    }

    private void Fork(Token token, Activity fork, IReadOnlyList<string> branches)
    {
        var frame = new ForkFrame { Id = State.NewId(), ForkActivityId = fork.Id, Parent = token.Scopes };
        foreach (var branch in branches)
        {
            foreach (var target in definition.Targets(fork.Id, branch))
            {
                State.Ready.Add(new Token { Id = State.NewId(), ActivityId = target, Scopes = [.. token.Scopes, new Scope(frame.Id, branch)] });
                frame.Live[branch] = frame.Live.GetValueOrDefault(branch) + 1;
            }
        }

        if (frame.Live.Count == 0)
        {
            Die(token.Scopes);
            return;
        }

        State.Forks.Add(frame);
    }

    private async Task JoinAsync(Token token, Activity join, bool waitAny)
    {
        if (token.Scopes.Count == 0 || Frame(token.Scopes[^1].Fork) is not { } frame)
        {
            // A join outside any fork passes through.
            token.Scopes = [];
            Journal(join, Activity.DoneOutcome);
            Advance(token, Activity.DoneOutcome);
            return;
        }

        var branch = token.Scopes[^1].Branch;
        frame.Live[branch]--;
        if (!frame.Arrived.Contains(branch))
        {
            frame.Arrived.Add(branch);
        }

        frame.JoinId ??= join.Id;
        if (!waitAny)
        {
            CheckFrame(frame);
            return;
        }

        // WaitAny: the first arrival wins; every other token of this fork (nested forks included) is cancelled.
        State.Forks.Remove(frame);
        State.Forks.RemoveAll(f => f.Parent.Any(s => s.Fork == frame.Id));
        State.Ready.RemoveAll(t => t.Scopes.Any(s => s.Fork == frame.Id));
        foreach (var other in State.Waiting.Where(t => t.Scopes.Any(s => s.Fork == frame.Id)).ToList())
        {
            await CancelTokenAsync(other);
        }

        token.Scopes = frame.Parent;
        Journal(join, Activity.DoneOutcome);
        Advance(token, Activity.DoneOutcome);
    }

    /// A token of this frame ended: a WaitAll join completes once no branch has live tokens.
    private void CheckFrame(ForkFrame frame)
    {
        if (frame.Live.Values.Any(n => n > 0))
        {
            return;
        }

        State.Forks.Remove(frame);
        if (frame.JoinId is { } joinId && frame.Arrived.Count > 0)
        {
            Journal(definition[joinId], Activity.DoneOutcome);
            Advance(new Token { Id = State.NewId(), ActivityId = joinId, Scopes = frame.Parent }, Activity.DoneOutcome);
            return;
        }

        Die(frame.Parent);
    }

    private void Die(List<Scope> scopes)
    {
        if (scopes.Count > 0 && Frame(scopes[^1].Fork) is { } frame)
        {
            frame.Live[scopes[^1].Branch]--;
            CheckFrame(frame);
        }
    }

    private async Task FinishAsync(Activity activity, string? resolution)
    {
        foreach (var token in State.Waiting.ToList())
        {
            await CancelTokenAsync(token);
        }

        State.Ready.Clear();
        State.Forks.Clear();
        instance.Status = WorkflowInstanceStatus.Finished;
        instance.FinishedAt = Now;
        await host.FinishAsync(RunContext(activity), resolution, cancellationToken);
    }

    private async Task CancelTokenAsync(Token token)
    {
        State.Waiting.Remove(token);
        Burn(token, except: Guid.Empty);
        var activity = definition[token.ActivityId];
        Journal(activity, "Cancelled");
        await activity.CancelAsync(new ActivityContext(this, token, activity));
    }

    private void Burn(Token token, Guid except)
    {
        foreach (var id in token.Bookmarks.Where(id => id != except))
        {
            // A bookmark created and burned in the same run never reaches the database.
            if (Effects.Created.RemoveAll(b => b.Id == id) == 0)
            {
                Effects.Deleted.Add(id);
                Effects.Burned.Add(id);
            }
        }
    }

    private void RecordFault(Activity activity, WorkflowFaultException ex)
    {
        instance.Status = WorkflowInstanceStatus.Faulted;
        Effects.Fault = new WorkflowFault(Guid.CreateVersion7(Now), instance.Id, activity.Id, ex.Message, Now, null);
        Journal(activity, "Faulted");
    }

    private void Journal(Activity activity, string? outcome) =>
        Effects.Journal.Add(new WorkflowJournalEntry(instance.Id, ++State.JournalSeq, activity.Id, activity.Type, outcome, Now));

    private ForkFrame? Frame(string id) => State.Forks.Find(f => f.Id == id);

    private WorkflowRunContext RunContext(string activityId, string activityType) =>
        new(instance.Id, instance.CorrelationId, instance.DefinitionId, instance.DefinitionVersion, activityId, activityType);
}

/// What a run changed, for the engine to write in the caller's transaction.
internal sealed class RunEffects
{
    public List<WorkflowBookmark> Created { get; } = [];

    public List<Guid> Deleted { get; } = [];

    public List<Guid> Burned { get; } = [];

    public List<WorkflowJournalEntry> Journal { get; } = [];

    public WorkflowFault? Fault { get; set; }

    public bool ResolveFaults { get; set; }
}
