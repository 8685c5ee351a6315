using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Incident.Workflows.Runtime;

/// An instance as the engine works on it; persisted as one row (variables and state as JSON).
internal sealed class InstanceRecord
{
    public required Guid Id { get; init; }

    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; set; }

    public required string CorrelationId { get; init; }

    public required WorkflowInstanceStatus Status { get; set; }

    public required JsonObject Variables { get; set; }

    public required InstanceState State { get; set; }

    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public WorkflowInstanceInfo ToInfo() => new(
        Id, DefinitionId, DefinitionVersion, CorrelationId, Status, (JsonObject)Variables.DeepClone(),
        [.. State.Ready.Concat(State.Waiting).Concat(State.Resume is { } r ? [r.Token] : []).Select(t => t.ActivityId).Distinct()],
        Version, CreatedAt, UpdatedAt, FinishedAt);
}

/// The flowchart's execution pointers and fork/join bookkeeping.
/// Ready: tokens queued to run (the head is the faulted one when the instance is Faulted);
/// Waiting: tokens parked on bookmarks; Forks: live fork frames a join may complete.
internal sealed class InstanceState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public List<Token> Ready { get; set; } = [];

    public List<Token> Waiting { get; set; } = [];

    public List<ForkFrame> Forks { get; set; } = [];

    /// A resume whose activity faulted: Retry resumes it again with the same bookmark and input, so the
    /// person's answer (an accept, a decision) is not lost and the activity does not start over.
    public FaultedResume? Resume { get; set; }

    public JsonObject? Input { get; set; }

    public int JournalSeq { get; set; }

    public int NextId { get; set; }

    public string NewId() => (++NextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static InstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new InstanceState();
}

/// The token, the bookmark it was resumed with (burned by then) and that resume's input.
internal sealed class FaultedResume
{
    public Token Token { get; set; } = new();

    public WorkflowBookmark? Bookmark { get; set; }

    public JsonObject? Input { get; set; }
}

/// An execution pointer at an activity. Scopes is the stack of fork branches it runs in (innermost last).
internal sealed class Token
{
    public string Id { get; set; } = "";

    public string ActivityId { get; set; } = "";

    public List<Scope> Scopes { get; set; } = [];

    public List<Guid> Bookmarks { get; set; } = [];

    /// The handoff id of a RequestHandoff, or the action bookmark id of a HumanTask.
    public string? Ref { get; set; }
}

internal sealed record Scope(string Fork, string Branch);

/// One execution of a Fork. Live counts the tokens still running per branch; a WaitAll join
/// completes when no branch has live tokens and at least one arrived (ADR-0002: branches
/// that end without reaching the join do not block it).
internal sealed class ForkFrame
{
    public string Id { get; set; } = "";

    public string ForkActivityId { get; set; } = "";

    public List<Scope> Parent { get; set; } = [];

    public Dictionary<string, int> Live { get; set; } = [];

    public List<string> Arrived { get; set; } = [];

    public string? JoinId { get; set; }
}
