using Incident.Workflows.Runtime;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

public sealed class VersioningTests
{
    private const string Extra = "- { id: extra, type: Notify, departments: [ops], message: only in v2 }";
    private readonly InMemoryWorkflows _wf = new();

    [Fact]
    public async Task An_instance_started_on_v1_stays_on_v1_after_v2_is_published()
    {
        var id = _wf.Publish(Flows.Steps("pinned"), version: 1);
        var old = await _wf.Start(id, "old");
        _wf.Publish(Flows.Steps("pinned", Extra), version: 2);
        var fresh = await _wf.Start(id, "new");

        await _wf.Act("t1", correlationId: "old");
        await _wf.Act("t1", correlationId: "new");

        (await _wf.Instance(old.InstanceId!.Value)).DefinitionVersion.ShouldBe(1);
        (await _wf.Instance(fresh.InstanceId!.Value)).DefinitionVersion.ShouldBe(2);
        (await _wf.Journal(old.InstanceId.Value)).ShouldNotContain("extra:Done");
        (await _wf.Journal(fresh.InstanceId.Value)).ShouldContain("extra:Done");
    }

    [Fact]
    public async Task Migration_moves_a_waiting_instance_to_v2_without_replaying_completed_steps()
    {
        var id = _wf.Publish(Flows.Steps("migrated"), version: 1);
        var started = await _wf.Start(id);
        var instanceId = started.InstanceId!.Value;
        _wf.Publish(Flows.Steps("migrated", Extra), version: 2);

        var migrated = await _wf.Engine.MigrateInstanceAsync(_wf.Store, instanceId, 2, new Dictionary<string, string>(), default);
        await _wf.Act("t1");

        migrated.Status.ShouldBe(WorkflowRunStatus.Executed);
        (await _wf.Instance(instanceId)).DefinitionVersion.ShouldBe(2);
        _wf.Host.Effects("SetStage").ShouldHaveSingleItem();
        (await _wf.Journal(instanceId)).ShouldBe(["a:Done", ":v1->v2", "t1:Done", "extra:Done"]);
    }

    [Fact]
    public async Task Migration_follows_an_explicit_activity_mapping_and_keeps_the_bookmark()
    {
        var id = _wf.Publish(Flows.Steps("renamed"), version: 1);
        var started = await _wf.Start(id);
        var bookmark = started.CreatedBookmarks.ShouldHaveSingleItem();
        _wf.Publish(Flows.Steps("renamed").Replace("id: t1,", "id: first,").Replace("target: t1 }", "target: first }").Replace("source: t1,", "source: first,"), version: 2);

        var migrated = await _wf.Engine.MigrateInstanceAsync(_wf.Store, started.InstanceId!.Value, 2, new Dictionary<string, string> { ["t1"] = "first" }, default);
        var resumed = await _wf.Resume(bookmark.Id);

        migrated.Status.ShouldBe(WorkflowRunStatus.Executed);
        resumed.Status.ShouldBe(WorkflowRunStatus.Executed);
        (await _wf.Journal(started.InstanceId.Value)).ShouldContain("first:Done");
    }

    [Fact]
    public async Task Migration_to_a_version_without_the_waiting_activity_is_rejected_and_changes_nothing()
    {
        var id = _wf.Publish(Flows.Steps("gone"), version: 1);
        var started = await _wf.Start(id);
        _wf.Publish(Flows.Steps("gone").Replace("id: t1,", "id: first,").Replace("target: t1 }", "target: first }").Replace("source: t1,", "source: first,"), version: 2);

        var migrated = await _wf.Engine.MigrateInstanceAsync(_wf.Store, started.InstanceId!.Value, 2, new Dictionary<string, string>(), default);

        migrated.Status.ShouldBe(WorkflowRunStatus.MigrationRejected);
        migrated.Errors.ShouldHaveSingleItem().Path.ShouldBe("t1");
        (await _wf.Instance(started.InstanceId.Value)).DefinitionVersion.ShouldBe(1);
    }
}
