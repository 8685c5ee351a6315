using System.Globalization;
using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Activities;

/// <summary>
/// Waits until the host signals an outcome (a bookmark named by <c>signal</c>, resumed by name and
/// correlation id with <c>{ "outcome": ... }</c>), or until an optional timeout passes (then the timeout
/// outcome). Elsa 3's "Event" activity, with named outcomes. The engine does not know what is awaited:
/// the host decides when to signal.
/// </summary>
internal class AwaitSignalActivity : Activity
{
    private readonly string? _signal;
    private readonly string? _label;
    private readonly IReadOnlyList<string> _outcomes;
    private readonly TimeSpan? _timeout;
    private readonly string? _timeoutOutcome;

    public AwaitSignalActivity(FieldReader fields)
        : this(fields, fields.String("signal", required: true), fields.Strings("outcomes", required: true), fields.Duration("timeout"), fields.String("timeoutOutcome") ?? "TimedOut")
    {
    }

    protected AwaitSignalActivity(FieldReader fields, string? signal, IReadOnlyList<string> outcomes, TimeSpan? timeout, string? timeoutOutcome)
        : base(fields.Id, fields.Type)
    {
        _signal = signal;
        _label = fields.String("label");
        _outcomes = outcomes;
        _timeout = timeout;
        _timeoutOutcome = timeout is null ? null : timeoutOutcome;
        if (_timeoutOutcome is not null && _outcomes.Contains(_timeoutOutcome))
        {
            fields.Problem("timeoutOutcome", $"the timeout outcome '{_timeoutOutcome}' must differ from the signalled outcomes");
        }

        Outcomes = [.. _outcomes.Concat(_timeoutOutcome is null ? [] : [_timeoutOutcome])];
    }

    public override IReadOnlyCollection<string> Outcomes { get; }

    public override bool Waits => true;

    public override ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        DateTimeOffset? timeoutAt = _timeout is { } t ? context.Now + t : null;
        var metadata = new JsonObject
        {
            ["label"] = _label,
            ["outcomes"] = new JsonArray([.. _outcomes.Select(o => (JsonNode?)o)]),
            ["timeoutAt"] = timeoutAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["timeoutOutcome"] = _timeoutOutcome,
        };
        var signal = context.Bookmark("signal", _signal!, null, null, metadata);
        List<WorkflowBookmark> bookmarks = [signal];
        if (timeoutAt is not null)
        {
            bookmarks.Add(context.Bookmark("timeout", "signal-timer", new JsonObject { ["signal"] = signal.Id.ToString() }, timeoutAt));
        }

        return ValueTask.FromResult<Step>(new Step.Wait(bookmarks, signal.Id.ToString()));
    }

    public override IReadOnlyList<WorkflowInputError> ValidateResume(WorkflowBookmark bookmark, JsonObject? input) =>
        bookmark.Kind == "signal" && (FieldReader.Text(input?["outcome"]) is not { } outcome || !_outcomes.Contains(outcome))
            ? [new("outcome", $"outcome must be one of {string.Join(", ", _outcomes)}")]
            : [];

    public override ValueTask<Step> ResumeAsync(ActivityContext context, WorkflowBookmark bookmark, JsonObject? input) =>
        ValueTask.FromResult<Step>(new Step.Outcome(bookmark.Kind == "timeout" ? _timeoutOutcome! : FieldReader.Text(input?["outcome"])!));
}

/// <summary>
/// Issue 9, item 7: the governance gate, an <see cref="AwaitSignalActivity"/> with fixed outcomes. The host
/// signals <c>Effective</c> when every rule linked to the case is live and meets its targets, <c>Iterate</c> when
/// a new rule version launched (measuring restarts); after <c>evaluationWindow</c> (default P30D) it ends
/// <c>NotEffective</c>.
/// </summary>
internal sealed class AwaitGovernanceEffectActivity(FieldReader fields)
    : AwaitSignalActivity(fields, Signal, [Effective, Iterate], fields.Duration("evaluationWindow") ?? TimeSpan.FromDays(30), NotEffective)
{
    public const string Signal = "governance-effect";
    public const string Effective = "Effective";
    public const string Iterate = "Iterate";
    public const string NotEffective = "NotEffective";
}
