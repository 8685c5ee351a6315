using System.Text.Json.Nodes;
using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

/// The engine on a real database: SQLite file or PostgreSQL, per INCIDENT_TEST_PROVIDER.
public sealed class PersistenceTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly FakeClock _clock = new();
    private readonly FakeHost _host = new();

    private WorkflowEngine NewEngine() => new(db.Dialect, _clock);

    [Fact]
    public async Task A_started_instance_its_bookmarks_and_journal_are_stored_and_read_back()
    {
        var definitionId = await Publish(Flows.Triage.Replace("id: triage-flow", $"id: triage-{Guid.NewGuid():N}", StringComparison.Ordinal));
        var engine = NewEngine();

        var started = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-store")));
        var info = await db.InTransaction(s => engine.GetInstanceByCorrelationAsync(s, "inc-store"));
        var bookmarks = await db.InTransaction(s => engine.GetBookmarksAsync(s, started.InstanceId!.Value));

        info!.Status.ShouldBe(WorkflowInstanceStatus.Suspended);
        info.DefinitionVersion.ShouldBe(1);
        info.Variables["count"]!.GetValue<int>().ShouldBe(0);
        info.CreatedAt.ShouldBe(_clock.GetUtcNow());
        var task = bookmarks.ShouldHaveSingleItem();
        task.Name.ShouldBe("triage");
        task.Metadata!["inputSchema"]!["required"]![0]!.GetValue<string>().ShouldBe("severity");
        task.DueAt.ShouldBeNull();

        var resumed = await db.InTransaction(s => engine.ResumeAsync(s, _host, new BookmarkKey("triage", "inc-store"), new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S2" }));
        var journal = await db.InTransaction(s => engine.GetJournalAsync(s, started.InstanceId!.Value));

        resumed.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        journal.Select(j => j.ActivityId).ShouldBe(["discovery", "triage", "is-severe", "bump", "notify", "done"]);
        journal.Select(j => j.Seq).ShouldBe([1, 2, 3, 4, 5, 6]);
        (await db.Count("workflow_bookmarks", $"instance_id = '{started.InstanceId}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Resume_by_bookmark_id_is_idempotent()
    {
        var definitionId = await Publish(Flows.Triage);
        var engine = NewEngine();
        var started = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-idem")));
        var input = new JsonObject { ["outcome"] = "Dismissed", ["severity"] = "S4" };

        var first = await db.InTransaction(s => engine.ResumeAsync(s, _host, started.CreatedBookmarks[0].Id, input));
        var second = await db.InTransaction(s => engine.ResumeAsync(s, _host, started.CreatedBookmarks[0].Id, input));

        first.Status.ShouldBe(WorkflowRunStatus.Executed);
        second.Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
        _host.Effects("Finish").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Accept_and_timer_racing_on_two_connections_let_exactly_one_win_every_time()
    {
        var definitionId = await Publish(Flows.Handoff);
        var engine = NewEngine();
        for (var round = 0; round < 25; round++)
        {
            var correlation = $"inc-race-{round}";
            var started = await db.InTransaction(s => engine.StartAsync(s, new FakeHost(), new StartWorkflow(definitionId, correlation)));
            var accept = started.CreatedBookmarks.Single(b => b.Name == "handoff").Id;
            var timer = started.CreatedBookmarks.Single(b => b.Name == "handoff-timer").Id;
            using var gate = new Barrier(2);

            var results = await Task.WhenAll(
                Task.Run(() => { gate.SignalAndWait(); return db.InTransaction(s => engine.ResumeAsync(s, new FakeHost(), accept)); }),
                Task.Run(() => { gate.SignalAndWait(); return db.InTransaction(s => engine.ResumeAsync(s, new FakeHost(), timer)); }));

            results.Count(r => r.Status == WorkflowRunStatus.Executed).ShouldBe(1, $"round {round}");
            results.Count(r => r.Status == WorkflowRunStatus.BookmarkConsumed).ShouldBe(1, $"round {round}");
            (await db.Count("workflow_bookmarks", $"instance_id = '{started.InstanceId}'")).ShouldBe(0);
            (await db.Count("workflow_journal", $"instance_id = '{started.InstanceId}' and activity_id = 'ask'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_host_failure_mid_run_rolled_back_by_the_caller_leaves_nothing_behind()
    {
        var definitionId = await Publish(Flows.Triage);
        var engine = NewEngine();
        var started = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-rollback")));
        _host.FailOn = call => call.StartsWith("Notify", StringComparison.Ordinal) ? new InvalidOperationException("chat webhook down") : null;

        await Should.ThrowAsync<InvalidOperationException>(() => db.InTransaction(s =>
            engine.ResumeAsync(s, _host, new BookmarkKey("triage", "inc-rollback"), new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S1" }), commit: false));

        var info = await db.InTransaction(s => engine.GetInstanceAsync(s, started.InstanceId!.Value));
        info!.Status.ShouldBe(WorkflowInstanceStatus.Suspended);
        info.Version.ShouldBe(1);
        (await db.Count("workflow_bookmarks", $"instance_id = '{started.InstanceId}'")).ShouldBe(1);
        (await db.Count("workflow_journal", $"instance_id = '{started.InstanceId}'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_faulting_expression_is_recorded_consistently_and_retry_resumes_from_it()
    {
        var definitionId = await Publish(Flows.Expression($"fault-{Guid.NewGuid():N}", "if (!incident.ready) { throw new Error('not ready'); } 7"));
        var engine = NewEngine();

        var started = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-fault")));
        var faults = await db.InTransaction(s => engine.GetFaultsAsync(s, started.InstanceId!.Value));
        _host.Incident["ready"] = true;
        var retried = await db.InTransaction(s => engine.RetryAsync(s, _host, started.InstanceId!.Value));

        started.Status.ShouldBe(WorkflowRunStatus.Faulted);
        faults.ShouldHaveSingleItem().ActivityId.ShouldBe("compute");
        faults[0].ResolvedAt.ShouldBeNull();
        retried.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        (await db.InTransaction(s => engine.GetFaultsAsync(s, started.InstanceId!.Value))).ShouldHaveSingleItem().ResolvedAt.ShouldNotBeNull();
        (await db.InTransaction(s => engine.GetJournalAsync(s, started.InstanceId!.Value))).Select(j => $"{j.ActivityId}:{j.Outcome}")
            .ShouldBe(["stage:Done", "compute:Faulted", "compute:Done"]);
    }

    [Fact]
    public async Task A_faulted_resume_is_stored_with_its_answer_and_a_retry_on_a_new_engine_resumes_with_it()
    {
        var definitionId = await Publish(Flows.Triage);
        var started = await db.InTransaction(s => NewEngine().StartAsync(s, _host, new StartWorkflow(definitionId, "inc-resume-fault")));
        var id = started.InstanceId!.Value;
        _host.FailOn = call => call.StartsWith("TaskClosed", StringComparison.Ordinal) ? new WorkflowFaultException("task service down") : null;

        var answered = await db.InTransaction(s => NewEngine().ResumeAsync(
            s, _host, new BookmarkKey("triage", "inc-resume-fault"), new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S2" }));
        _host.FailOn = _ => null;
        var retried = await db.InTransaction(s => NewEngine().RetryAsync(s, _host, id));

        answered.Status.ShouldBe(WorkflowRunStatus.Faulted);
        (await db.Count("workflow_bookmarks", $"instance_id = '{id}'")).ShouldBe(0, "the answered bookmark stays burned while faulted");
        retried.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _host.Effects("TaskOpened triage").Count().ShouldBe(1);
        _host.Effects("Notify").ShouldHaveSingleItem().ShouldContain("is S2");
        (await db.InTransaction(s => NewEngine().GetFaultsAsync(s, id))).ShouldHaveSingleItem().ResolvedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Timers_survive_a_restart_fire_once_late_and_never_twice()
    {
        var definitionId = await Publish(Flows.Delay);
        var before = NewEngine();
        var started = await db.InTransaction(s => before.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-timer")));

        var after = NewEngine();
        var early = await db.InTransaction(s => after.GetDueTimersAsync(s, 10));
        _clock.Advance(TimeSpan.FromHours(6));
        var due = await db.InTransaction(s => after.GetDueTimersAsync(s, 10));
        var fired = await db.InTransaction(s => after.ResumeAsync(s, _host, due.Single(t => t.InstanceId == started.InstanceId).BookmarkId));
        var again = await db.InTransaction(s => after.GetDueTimersAsync(s, 10));

        early.ShouldNotContain(t => t.InstanceId == started.InstanceId);
        due.Single(t => t.InstanceId == started.InstanceId).DueAt.ShouldBe(started.CreatedBookmarks[0].DueAt!.Value);
        fired.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        again.ShouldNotContain(t => t.InstanceId == started.InstanceId);
        _host.Effects("Finish").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_instance_stays_pinned_to_its_version_and_migrates_only_when_asked()
    {
        var id = $"steps-{Guid.NewGuid():N}";
        await Publish(Flows.Steps(id));
        var engine = NewEngine();
        var started = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(id, "inc-pin")));
        await Publish(Flows.Steps(id, "- { id: extra, type: Notify, departments: [ops], message: v2 }"));

        var pinned = await db.InTransaction(s => engine.GetInstanceAsync(s, started.InstanceId!.Value));
        var migrated = await db.InTransaction(s => engine.MigrateInstanceAsync(s, started.InstanceId!.Value, 2));
        await db.InTransaction(s => engine.ResumeAsync(s, _host, new BookmarkKey("t1", "inc-pin")));

        pinned!.DefinitionVersion.ShouldBe(1);
        migrated.Status.ShouldBe(WorkflowRunStatus.Executed);
        _host.Effects("SetStage").ShouldHaveSingleItem();
        (await db.InTransaction(s => engine.GetJournalAsync(s, started.InstanceId!.Value))).Select(j => j.ActivityId)
            .ShouldBe(["a", "", "t1", "extra"]);
    }

    [Fact]
    public async Task The_correlation_id_is_unique_among_active_instances_only()
    {
        var definitionId = await Publish(Flows.Triage);
        var engine = NewEngine();
        await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-unique")));

        var duplicate = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-unique")));
        await db.InTransaction(s => engine.ResumeAsync(s, _host, new BookmarkKey("triage", "inc-unique"), new JsonObject { ["outcome"] = "Dismissed", ["severity"] = "S4" }));
        var afterFinish = await db.InTransaction(s => engine.StartAsync(s, _host, new StartWorkflow(definitionId, "inc-unique")));

        duplicate.Status.ShouldBe(WorkflowRunStatus.CorrelationInUse);
        afterFinish.Status.ShouldBe(WorkflowRunStatus.Executed);
    }

    private async Task<string> Publish(string yaml)
    {
        var store = new WorkflowDefinitionStore(db.Dialect, _clock);
        return await db.InTransaction(async s =>
        {
            var saved = await store.SaveDraftAsync(s, yaml, DefinitionFormat.Yaml);
            saved.Parse.Problems.ShouldBeEmpty();
            var id = saved.Parse.Definition!.Id;
            (await store.PublishAsync(s, id, saved.Version!.Value)).ShouldBe(PublishResult.Published);
            return id;
        });
    }
}
