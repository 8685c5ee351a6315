using System.Text.Json.Nodes;
using Incident.Workflows.Expressions;
using Incident.Workflows.Runtime;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

public sealed class EngineTests
{
    private readonly InMemoryWorkflows _wf = new();

    [Fact]
    public async Task Start_runs_until_the_first_human_task_and_waits_on_a_bookmark_named_by_its_action()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Triage));

        started.Status.ShouldBe(WorkflowRunStatus.Executed);
        started.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        var bookmark = started.CreatedBookmarks.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("triage");
        bookmark.Metadata!["allowedRoles"]!.AsArray().Select(r => (string)r!).ShouldBe(["operator"]);
        bookmark.Metadata["label"]!.GetValue<string>().ShouldBe("Confirm severity");
        _wf.Host.Calls.ShouldBe(["SetStage discovery", "TaskOpened triage"]);
        (await _wf.Instance(started.InstanceId!.Value)).ActiveActivityIds.ShouldBe(["triage"]);
    }

    [Fact]
    public async Task Input_that_breaks_the_schema_or_names_no_outcome_is_rejected_and_changes_nothing()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Triage));

        var noSeverity = await _wf.Act("triage", new JsonObject { ["outcome"] = "Confirmed" });
        var noOutcome = await _wf.Act("triage", new JsonObject { ["severity"] = "S1" });
        var badSeverity = await _wf.Act("triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S9" });

        noSeverity.Status.ShouldBe(WorkflowRunStatus.InvalidInput);
        noSeverity.Errors.ShouldContain(e => e.Message.Contains("PropertyRequired"));
        noOutcome.Errors.ShouldHaveSingleItem().Path.ShouldBe("outcome");
        badSeverity.Status.ShouldBe(WorkflowRunStatus.InvalidInput);
        (await _wf.Bookmarks(started.InstanceId!.Value)).ShouldHaveSingleItem().Name.ShouldBe("triage");
        (await _wf.Journal(started.InstanceId.Value)).ShouldBe(["discovery:Done"]);
    }

    [Fact]
    public async Task A_confirmed_severe_triage_runs_decision_variable_notify_and_finish_with_the_template_rendered()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Triage));

        var resumed = await _wf.Act("triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S1" });

        resumed.Status.ShouldBe(WorkflowRunStatus.Executed);
        resumed.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _wf.Host.Calls.ShouldContain("Notify leadership: INC-1 is S1 (count 1)");
        _wf.Host.Calls.Last().ShouldBe("Finish handled");
        (await _wf.Journal(started.InstanceId!.Value)).ShouldBe(["discovery:Done", "triage:Confirmed", "is-severe:True", "bump:Done", "notify:Done", "done"]);
        (await _wf.Instance(started.InstanceId.Value)).Variables["count"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task A_dismissed_triage_finishes_as_a_false_alarm()
    {
        await _wf.Start(_wf.Publish(Flows.Triage));

        var resumed = await _wf.Act("triage", new JsonObject { ["outcome"] = "Dismissed", ["severity"] = "S4" });

        resumed.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _wf.Host.Calls.ShouldContain("TaskClosed triage Dismissed");
        _wf.Host.Calls.Last().ShouldBe("Finish false alarm");
    }

    [Fact]
    public async Task Resuming_the_same_bookmark_twice_runs_once_and_then_answers_bookmark_consumed()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Triage));
        var bookmarkId = started.CreatedBookmarks[0].Id;
        var input = new JsonObject { ["outcome"] = "Dismissed", ["severity"] = "S4" };

        var first = await _wf.Resume(bookmarkId, input);
        var second = await _wf.Resume(bookmarkId, input);

        first.Status.ShouldBe(WorkflowRunStatus.Executed);
        second.Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
        _wf.Host.Effects("Finish").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_handoff_waits_on_an_accept_bookmark_and_a_timer_and_accepting_burns_the_timer()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Handoff));

        started.CreatedBookmarks.Select(b => b.Name).ShouldBe(["handoff", "handoff-timer"]);
        started.CreatedBookmarks[1].DueAt.ShouldBe(_wf.Clock.GetUtcNow().AddMinutes(15));
        _wf.Host.Calls.ShouldBe(["RequestHandoff product h1"]);

        var accepted = await _wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), null, default);
        _wf.Clock.Advance(TimeSpan.FromHours(1));

        accepted.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        accepted.BurnedBookmarkIds.Count.ShouldBe(2);
        (await _wf.FireDueTimers()).ShouldBe(0);
        _wf.Host.Calls.Last().ShouldBe("Finish accepted");
    }

    [Fact]
    public async Task An_expired_handoff_escalates_and_a_late_accept_finds_its_bookmark_consumed()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Handoff));
        var accept = started.CreatedBookmarks[0].Id;

        _wf.Clock.Advance(TimeSpan.FromMinutes(16));
        var fired = await _wf.FireDueTimers();
        var late = await _wf.Resume(accept, new JsonObject { ["outcome"] = "Accepted" });

        fired.ShouldBe(1);
        late.Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
        _wf.Host.Calls.ShouldBe(["RequestHandoff product h1", "ExpireHandoff h1", "Escalate +1 Handoff not accepted in time", "Finish escalated"]);
    }

    [Fact]
    public async Task A_declined_handoff_takes_the_declined_outcome()
    {
        await _wf.Start(_wf.Publish(Flows.Handoff));

        var declined = await _wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), new JsonObject { ["outcome"] = "Declined" }, default);

        declined.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _wf.Host.Calls.ShouldContain("Escalate +1 Handoff not accepted in time");
    }

    [Fact]
    public async Task Join_wait_all_waits_for_every_started_branch_and_ignores_branches_that_never_started()
    {
        var started = await _wf.Start(_wf.Publish(Flows.ForkJoin("WaitAll")));
        var id = started.InstanceId!.Value;

        var afterReview = await _wf.Act("review");
        afterReview.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        (await _wf.Journal(id)).ShouldNotContain("join:Done");

        var afterPartner = await _wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), null, default);

        afterPartner.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        (await _wf.Journal(id)).Count(j => j == "join:Done").ShouldBe(1);
    }

    [Fact]
    public async Task Join_wait_any_continues_on_the_first_branch_and_cancels_the_others_burning_their_bookmarks()
    {
        var started = await _wf.Start(_wf.Publish(Flows.ForkJoin("WaitAny")));
        var handoffAccept = started.CreatedBookmarks.Single(b => b.Name == "handoff").Id;

        var afterReview = await _wf.Act("review");
        var lateAccept = await _wf.Resume(handoffAccept);

        afterReview.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        afterReview.BurnedBookmarkIds.Count.ShouldBe(3);
        (await _wf.Bookmarks(started.InstanceId!.Value)).ShouldBeEmpty();
        _wf.Host.Calls.ShouldContain("WithdrawHandoff h1");
        lateAccept.Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
        (await _wf.Journal(started.InstanceId.Value)).ShouldContain("partner:Cancelled");
    }

    [Fact]
    public async Task A_delay_is_a_timer_that_fires_once_when_due()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Delay));

        started.CreatedBookmarks.ShouldHaveSingleItem().DueAt.ShouldBe(_wf.Clock.GetUtcNow().AddHours(1));
        (await _wf.FireDueTimers()).ShouldBe(0);
        _wf.Clock.Advance(TimeSpan.FromHours(3));
        (await _wf.FireDueTimers()).ShouldBe(1);
        (await _wf.FireDueTimers()).ShouldBe(0);
        _wf.Host.Calls.ShouldBe(["Finish waited"]);
    }

    [Fact]
    public async Task An_overdue_task_takes_the_overdue_outcome_and_can_loop_back_to_a_fresh_task()
    {
        await _wf.Start(_wf.Publish(Flows.Overdue));

        _wf.Clock.Advance(TimeSpan.FromMinutes(31));
        (await _wf.FireDueTimers()).ShouldBe(1);
        var done = await _wf.Act("publish-flash-report");

        _wf.Host.Calls.ShouldBe([
            "TaskOpened publish-flash-report", "TaskClosed publish-flash-report Overdue", "Escalate +1 late",
            "TaskOpened publish-flash-report", "TaskClosed publish-flash-report Done", "Finish"]);
        done.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
    }

    [Theory]
    [InlineData("S1", "critical")]
    [InlineData("S2", "major")]
    [InlineData("S4", "minor")]
    public async Task Switch_takes_the_first_matching_case_else_the_default(string severity, string resolution)
    {
        _wf.Host.Incident["severity"] = severity;

        await _wf.Start(_wf.Publish(Flows.Switch));

        _wf.Host.Calls.ShouldBe([$"Finish {resolution}"]);
    }

    [Fact]
    public async Task A_runaway_expression_faults_only_its_own_instance()
    {
        var wf = new InMemoryWorkflows(new ExpressionLimits(TimeSpan.FromSeconds(5), 10_000, 32));
        var runaway = wf.Publish(Flows.Expression("runaway", "while(true){}"));
        var healthy = wf.Publish(Flows.Triage);

        var spun = await wf.Start(runaway, "spin");
        var fine = await wf.Start(healthy, "fine");

        spun.Status.ShouldBe(WorkflowRunStatus.Faulted);
        spun.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Faulted);
        spun.Fault!.ActivityId.ShouldBe("compute");
        spun.Fault.Message.ShouldContain("while(true){}");
        fine.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        (await wf.Journal(spun.InstanceId!.Value)).ShouldBe(["stage:Done", "compute:Faulted"]);
    }

    [Fact]
    public async Task Retry_re_executes_the_faulted_activity_once_the_cause_is_fixed()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Expression("picky", "if (!incident.ready) { throw new Error('not ready'); } 42")));
        var id = started.InstanceId!.Value;
        started.Fault!.Message.ShouldContain("not ready");

        var stillBroken = await _wf.Engine.RetryAsync(_wf.Store, _wf.Host, id, default);
        _wf.Host.Incident["ready"] = true;
        var retried = await _wf.Engine.RetryAsync(_wf.Store, _wf.Host, id, default);

        stillBroken.Status.ShouldBe(WorkflowRunStatus.Faulted);
        retried.Status.ShouldBe(WorkflowRunStatus.Executed);
        retried.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        (await _wf.Instance(id)).Variables["x"]!.GetValue<long>().ShouldBe(42);
        (await _wf.Store.GetFaultsAsync(id, default)).ShouldAllBe(f => f.ResolvedAt != null);
        _wf.Host.Effects("SetStage").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_second_active_instance_for_the_same_correlation_is_refused()
    {
        var id = _wf.Publish(Flows.Triage);
        await _wf.Start(id);

        (await _wf.Start(id)).Status.ShouldBe(WorkflowRunStatus.CorrelationInUse);
    }

    [Fact]
    public async Task Cancelling_an_instance_burns_its_bookmarks_and_withdraws_its_handoffs()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Handoff));

        var cancelled = await _wf.Engine.CancelAsync(_wf.Store, _wf.Host, started.InstanceId!.Value, default);

        cancelled.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Cancelled);
        (await _wf.Bookmarks(started.InstanceId.Value)).ShouldBeEmpty();
        _wf.Host.Calls.ShouldContain("WithdrawHandoff h1");
        _wf.Host.Effects("Finish").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wait_any_join_nested_in_a_wait_all_branch_completes_both_joins_once()
    {
        const string yaml = """
            id: nested
            start: outer
            activities:
              - { id: outer, type: Fork, branches: [a, b] }
              - { id: inner, type: Fork, branches: [x, y] }
              - { id: x, type: HumanTask, action: x }
              - { id: y, type: HumanTask, action: y }
              - { id: inner-join, type: Join, mode: WaitAny }
              - { id: a-done, type: SetVariable, name: a, value: true }
              - { id: b, type: HumanTask, action: b }
              - { id: outer-join, type: Join, mode: WaitAll }
              - { id: done, type: Finish }
            connections:
              - { source: outer, outcome: a, target: inner }
              - { source: outer, outcome: b, target: b }
              - { source: inner, outcome: x, target: x }
              - { source: inner, outcome: y, target: y }
              - { source: x, target: inner-join }
              - { source: y, target: inner-join }
              - { source: inner-join, target: a-done }
              - { source: a-done, target: outer-join }
              - { source: b, target: outer-join }
              - { source: outer-join, target: done }
            """;
        var started = await _wf.Start(_wf.Publish(yaml));

        (await _wf.Act("b")).InstanceStatus.ShouldBe(WorkflowInstanceStatus.Suspended);
        var finished = await _wf.Act("x");

        finished.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        var journal = await _wf.Journal(started.InstanceId!.Value);
        journal.Count(j => j == "inner-join:Done").ShouldBe(1);
        journal.Count(j => j == "outer-join:Done").ShouldBe(1);
        journal.ShouldContain("y:Cancelled");
        (await _wf.Act("y")).Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
    }

    [Fact]
    public async Task A_fault_while_resuming_keeps_the_answer_and_retry_resumes_with_it_instead_of_starting_over()
    {
        var started = await _wf.Start(_wf.Publish(Flows.Triage));
        var id = started.InstanceId!.Value;
        _wf.Host.FailOn = call => call.StartsWith("TaskClosed", StringComparison.Ordinal) ? new WorkflowFaultException("task service down") : null;

        var answered = await _wf.Act("triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S1" });
        var stillDown = await _wf.Engine.RetryAsync(_wf.Store, _wf.Host, id, default);
        _wf.Host.FailOn = _ => null;
        var retried = await _wf.Engine.RetryAsync(_wf.Store, _wf.Host, id, default);

        answered.Status.ShouldBe(WorkflowRunStatus.Faulted);
        answered.Fault!.ActivityId.ShouldBe("triage");
        stillDown.Status.ShouldBe(WorkflowRunStatus.Faulted);
        retried.Status.ShouldBe(WorkflowRunStatus.Executed);
        retried.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _wf.Host.Effects("TaskOpened").ShouldHaveSingleItem("the task is not opened a second time");
        _wf.Host.Effects("Notify").ShouldHaveSingleItem().ShouldContain("is S1 (count 1)");
        _wf.Host.Effects("Finish").ShouldBe(["Finish handled"]);
        (await _wf.Journal(id)).ShouldBe(["discovery:Done", "triage:Faulted", "triage:Faulted", "triage:Confirmed", "is-severe:True", "bump:Done", "notify:Done", "done"]);
        (await _wf.Act("triage")).Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
    }

    [Fact]
    public async Task A_host_that_throws_a_workflow_fault_faults_the_instance_instead_of_the_caller()
    {
        _wf.Host.FailOn = call => call.StartsWith("SetStage", StringComparison.Ordinal) ? new WorkflowFaultException("stage service down") : null;

        var started = await _wf.Start(_wf.Publish(Flows.Triage));

        started.Status.ShouldBe(WorkflowRunStatus.Faulted);
        started.Fault!.ActivityId.ShouldBe("discovery");
        started.Fault.Message.ShouldBe("stage service down");
    }
}
