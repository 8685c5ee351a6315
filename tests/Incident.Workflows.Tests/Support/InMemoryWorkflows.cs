using System.Text.Json.Nodes;
using Incident.Workflows.Definitions;
using Incident.Workflows.Expressions;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Tests.Support;

/// The real engine over the in-memory store, with a fake clock and a fake host.
internal sealed class InMemoryWorkflows
{
    public InMemoryWorkflows(ExpressionLimits? limits = null) =>
        Engine = new WorkflowEngine(WorkflowDialect.Sqlite, Clock, null, limits ?? ExpressionLimits.Default);

    public FakeClock Clock { get; } = new();

    public FakeHost Host { get; } = new();

    public InMemoryWorkflowStore Store { get; } = new();

    public WorkflowEngine Engine { get; }

    public string Publish(string yaml, int version = 1)
    {
        var parse = WorkflowDefinitionParser.Parse(yaml, DefinitionFormat.Yaml);
        parse.Problems.ShouldBeEmpty();
        var now = Clock.GetUtcNow();
        Store.AddDefinition(new StoredWorkflowDefinition(parse.Definition!.Id, version, parse.Definition.Name, DefinitionStatus.Published, yaml, DefinitionFormat.Yaml, now, now));
        return parse.Definition.Id;
    }

    public Task<WorkflowRunResult> Start(string definitionId, string correlationId = "c1", int? version = null) =>
        Engine.StartAsync(Store, Host, new StartWorkflow(definitionId, correlationId, version), default);

    public Task<WorkflowRunResult> Act(string action, JsonObject? input = null, string correlationId = "c1") =>
        Engine.ResumeAsync(Store, Host, new BookmarkKey(action, correlationId), input, default);

    public Task<WorkflowRunResult> Resume(Guid bookmarkId, JsonObject? input = null) =>
        Engine.ResumeAsync(Store, Host, bookmarkId, input, default);

    public async Task<int> FireDueTimers()
    {
        var fired = 0;
        foreach (var timer in await Store.GetDueTimersAsync(Clock.GetUtcNow(), 100, default))
        {
            if ((await Resume(timer.BookmarkId)).Status == WorkflowRunStatus.Executed)
            {
                fired++;
            }
        }

        return fired;
    }

    public async Task<WorkflowInstanceInfo> Instance(Guid id) => (await Store.GetInstanceAsync(id, false, default))!.ToInfo();

    public async Task<List<string>> Journal(Guid id) =>
        [.. (await Store.GetJournalAsync(id, default)).Select(j => j.Outcome is null ? j.ActivityId : $"{j.ActivityId}:{j.Outcome}")];

    public Task<IReadOnlyList<WorkflowBookmark>> Bookmarks(Guid id) => Store.GetBookmarksAsync(id, default);
}
