using System.Globalization;
using System.Text.Json.Nodes;
using Incident.Workflows.Expressions;
using Incident.Workflows.Runtime;
using NJsonSchema;

namespace Incident.Workflows.Activities;

internal sealed class HumanTaskActivity : Activity
{
    private const string Overdue = "Overdue";
    private readonly string? _action;
    private readonly string? _label;
    private readonly IReadOnlyList<string> _roles;
    private readonly IReadOnlyList<string> _departments;
    private readonly IReadOnlyList<string> _outcomes;
    private readonly TimeSpan? _dueIn;
    private readonly JsonObject? _schemaNode;
    private readonly JsonSchema? _schema;

    public HumanTaskActivity(FieldReader fields)
        : base(fields.Id, fields.Type)
    {
        _action = fields.String("action", required: true);
        _label = fields.String("label");
        _roles = fields.Strings("allowedRoles");
        _departments = fields.Strings("allowedDepartments");
        _outcomes = fields.Strings("outcomes");
        _dueIn = fields.Duration("dueIn");
        if (fields.Node("inputSchema") is { } schema)
        {
            _schemaNode = schema as JsonObject;
            try
            {
                var shape = _schemaNode is null ? "inputSchema must be an object" : SchemaShape.Problem(_schemaNode);
                _schema = shape is not null
                    ? throw new FormatException(shape)
                    : JsonSchema.FromJsonAsync(_schemaNode!.ToJsonString()).GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // NJsonSchema throws several exception types for a bad schema; each is a definition problem
            catch (Exception ex)
#pragma warning restore CA1031
            {
                fields.Problem("inputSchema", $"bad inputSchema: {ex.Message}");
            }
        }

        Outcomes = [.. (_outcomes.Count > 0 ? _outcomes : [DoneOutcome]).Concat(_dueIn is null ? [] : [Overdue])];
    }

    public override IReadOnlyCollection<string> Outcomes { get; }

    public override bool Waits => true;

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        DateTimeOffset? dueAt = _dueIn is { } d ? context.Now + d : null;
        var metadata = new JsonObject
        {
            ["label"] = _label,
            ["allowedRoles"] = new JsonArray([.. _roles.Select(r => (JsonNode?)r)]),
            ["allowedDepartments"] = new JsonArray([.. _departments.Select(r => (JsonNode?)r)]),
            ["outcomes"] = new JsonArray([.. _outcomes.Select(r => (JsonNode?)r)]),
            ["inputSchema"] = _schemaNode?.DeepClone(),
            ["dueAt"] = dueAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        var action = context.Bookmark("action", _action!, null, null, metadata);
        List<WorkflowBookmark> bookmarks = [action];
        if (dueAt is not null)
        {
            bookmarks.Add(context.Bookmark("overdue", "task-timer", new JsonObject { ["task"] = action.Id.ToString() }, dueAt));
        }

        await context.Host.TaskOpenedAsync(context.Run, Info(action.Id, dueAt), context.CancellationToken);
        return new Step.Wait(bookmarks, action.Id.ToString());
    }

    public override IReadOnlyList<WorkflowInputError> ValidateResume(WorkflowBookmark bookmark, JsonObject? input)
    {
        if (bookmark.Kind != "action")
        {
            return [];
        }

        List<WorkflowInputError> errors = [];
        var data = (JsonObject?)input?.DeepClone() ?? [];
        if (_outcomes.Count > 0)
        {
            var outcome = FieldReader.Text(data["outcome"]);
            if (outcome is null || !_outcomes.Contains(outcome))
            {
                errors.Add(new("outcome", $"outcome must be one of {string.Join(", ", _outcomes)}"));
            }

            data.Remove("outcome");
        }

        if (_schema is not null)
        {
            errors.AddRange(_schema.Validate(data.ToJsonString())
                .Select(e => new WorkflowInputError(e.Path ?? "#", $"{e.Kind}{(e.Property is null ? "" : $" ({e.Property})")}")));
        }

        return errors;
    }

    public override async ValueTask<Step> ResumeAsync(ActivityContext context, WorkflowBookmark bookmark, JsonObject? input)
    {
        var outcome = bookmark.Kind == "overdue" ? Overdue
            : _outcomes.Count > 0 ? FieldReader.Text(input?["outcome"])!
            : DoneOutcome;
        await context.Host.TaskClosedAsync(context.Run, Info(TaskId(context), null), outcome, context.CancellationToken);
        return new Step.Outcome(outcome);
    }

    public override async ValueTask CancelAsync(ActivityContext context) =>
        await context.Host.TaskClosedAsync(context.Run, Info(TaskId(context), null), "Cancelled", context.CancellationToken);

    private static Guid TaskId(ActivityContext context) => Guid.TryParse(context.Token.Ref, out var id) ? id : Guid.Empty;

    private HumanTaskInfo Info(Guid bookmarkId, DateTimeOffset? dueAt) =>
        new(bookmarkId, _action!, _label, _roles, _departments, _outcomes, dueAt);
}

internal sealed class RequestHandoffActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly WorkflowExpression? _toDepartment = fields.Expression("toDepartment", required: true);
    private readonly string? _note = fields.String("note");
    private readonly TimeSpan? _acceptWithin = fields.Duration("acceptWithin", required: true);

    public override IReadOnlyCollection<string> Outcomes { get; } = ["Accepted", "Declined", "Expired"];

    public override bool Waits => true;

    public override async ValueTask<Step> ExecuteAsync(ActivityContext context)
    {
        var department = await context.TextAsync(_toDepartment!);
        if (department.Length == 0)
        {
            throw new WorkflowFaultException($"toDepartment of '{Id}' evaluated to nothing");
        }

        var note = _note is null ? null : await context.RenderAsync(_note);
        var dueAt = context.Now + _acceptWithin!.Value;
        var handoffId = await context.Host.RequestHandoffAsync(context.Run, new HandoffRequest(department, note, _acceptWithin.Value, dueAt), context.CancellationToken);
        var metadata = new JsonObject { ["toDepartment"] = department, ["dueAt"] = dueAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        var accept = context.Bookmark("accept", "handoff", new JsonObject { ["handoffId"] = handoffId }, null, metadata);
        var timer = context.Bookmark("expiry", "handoff-timer", new JsonObject { ["handoffId"] = handoffId }, dueAt);
        return new Step.Wait([accept, timer], handoffId);
    }

    public override IReadOnlyList<WorkflowInputError> ValidateResume(WorkflowBookmark bookmark, JsonObject? input) =>
        bookmark.Kind == "accept" && FieldReader.Text(input?["outcome"]) is { } outcome && outcome is not ("Accepted" or "Declined")
            ? [new("outcome", "outcome must be Accepted or Declined")]
            : [];

    public override async ValueTask<Step> ResumeAsync(ActivityContext context, WorkflowBookmark bookmark, JsonObject? input)
    {
        if (bookmark.Kind == "expiry")
        {
            await context.Host.ExpireHandoffAsync(context.Run, context.Token.Ref ?? "", context.CancellationToken);
            context.ContextChanged();
            return new Step.Outcome("Expired");
        }

        return new Step.Outcome(FieldReader.Text(input?["outcome"]) ?? "Accepted");
    }

    public override async ValueTask CancelAsync(ActivityContext context) =>
        await context.Host.WithdrawHandoffAsync(context.Run, context.Token.Ref ?? "", context.CancellationToken);
}

internal sealed class DelayActivity(FieldReader fields) : Activity(fields.Id, fields.Type)
{
    private readonly TimeSpan? _duration = fields.Duration("duration", required: true);

    public override IReadOnlyCollection<string> Outcomes { get; } = [DoneOutcome];

    public override bool Waits => true;

    public override ValueTask<Step> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult<Step>(new Step.Wait([context.Bookmark("delay", "delay", new JsonObject { ["activityId"] = Id }, context.Now + _duration!.Value)]));

    public override ValueTask<Step> ResumeAsync(ActivityContext context, WorkflowBookmark bookmark, JsonObject? input) =>
        ValueTask.FromResult(Step.Done);
}
