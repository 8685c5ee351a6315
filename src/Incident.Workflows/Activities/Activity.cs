using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Activities;

/// A compiled activity. Execute runs it when a token arrives; waiting activities return
/// bookmarks and are resumed later by one of them.
internal abstract class Activity(string id, string type)
{
    public const string DoneOutcome = "Done";

    public string Id { get; } = id;

    public string Type { get; } = type;

    /// The outcomes connections may name.
    public abstract IReadOnlyCollection<string> Outcomes { get; }

    /// Whether the activity can suspend the instance (breaks a cycle).
    public virtual bool Waits => false;

    public abstract ValueTask<Step> ExecuteAsync(ActivityContext context);

    /// Checked before anything is written: errors mean the resume is rejected and nothing changes.
    public virtual IReadOnlyList<WorkflowInputError> ValidateResume(WorkflowBookmark bookmark, JsonObject? input) => [];

    public virtual ValueTask<Step> ResumeAsync(ActivityContext context, WorkflowBookmark bookmark, JsonObject? input) =>
        throw new WorkflowFaultException($"activity '{Id}' ({Type}) cannot be resumed");

    /// The waiting token was cancelled (WaitAny join, Finish, host cancel); its bookmarks are already burned.
    public virtual ValueTask CancelAsync(ActivityContext context) => ValueTask.CompletedTask;
}

internal abstract record Step
{
    public static readonly Step Done = new Outcome(Activity.DoneOutcome);

    public sealed record Outcome(string Name) : Step;

    public sealed record Branches(IReadOnlyList<string> Names) : Step;

    public sealed record Wait(IReadOnlyList<WorkflowBookmark> Bookmarks, string? Ref = null) : Step;

    public sealed record Finish(string? Resolution) : Step;

    public sealed record Join(bool WaitAny) : Step;
}
