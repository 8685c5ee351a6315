using System.Text.Json.Nodes;
using Incident.Workflows.Runtime;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

public sealed class SeededDefinitionTests
{
    private readonly InMemoryWorkflows _wf = new();

    private static string Seed(string file) => File.ReadAllText(Repo.File("workflows", file));

    [Fact]
    public async Task An_s1_incident_walks_all_five_stages_of_the_emergency_response()
    {
        var started = await _wf.Start(_wf.Publish(Seed("emergency-response.yaml")));
        var id = started.InstanceId!.Value;

        await Ok(_wf.Act("triage", new() { ["outcome"] = "Confirmed", ["severity"] = "S1" }));
        await Ok(_wf.Act("assess", new() { ["affectedContent"] = 120, ["exposure"] = 50000, ["spreadPerHour"] = 3.5, ["severity"] = "S1", ["partnerDepartment"] = "legal" }));
        _wf.Clock.Advance(TimeSpan.FromMinutes(31));
        (await _wf.FireDueTimers()).ShouldBe(1);
        await Ok(_wf.Act("publish-flash-report", new() { ["summary"] = "Spam wave contained" }));
        _wf.Host.Calls.ShouldContain("RequestHandoff review-ops h1");
        _wf.Host.Calls.ShouldContain("RequestHandoff legal h2");
        await Ok(_wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), null, default));
        _wf.Clock.Advance(TimeSpan.FromMinutes(20));
        (await _wf.FireDueTimers()).ShouldBe(1);
        // Issue 9: the governance gate waits for the host's signal; a new rule version restarts it (Iterate).
        await Ok(Signal("Iterate"));
        await Ok(Signal("Effective"));
        var closed = await _wf.Act("close-review", new() { ["reviewSummary"] = "Caught in 20 minutes" });

        closed.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        _wf.Host.Effects("SetStage").ShouldBe(["SetStage discovery", "SetStage assessment", "SetStage escalation", "SetStage governance", "SetStage closure"]);
        _wf.Host.Effects("Escalate").ShouldBe(["Escalate +1 Flash report not published within 30 minutes", "Escalate +1 The partner department did not accept the handoff"]);
        (await _wf.Journal(id)).Count(j => j == "await-governance-effect:Iterate").ShouldBe(1);
        _wf.Host.Calls.Last().ShouldBe("Finish resolved");
        (await _wf.Journal(id)).Count(j => j == "handoffs-settled:Done").ShouldBe(1);
    }

    [Fact]
    public async Task A_low_severity_incident_skips_escalation()
    {
        _wf.Host.Incident["severity"] = "S3";
        await _wf.Start(_wf.Publish(Seed("emergency-response.yaml")));

        await Ok(_wf.Act("triage", new() { ["outcome"] = "Confirmed", ["severity"] = "S3" }));
        var assessed = await _wf.Act("assess", new() { ["affectedContent"] = 1, ["exposure"] = 10, ["spreadPerHour"] = 0, ["severity"] = "S3" });

        assessed.CreatedBookmarks.Select(b => b.Name).Order().ShouldBe(["governance-effect", "signal-timer"]);
        _wf.Host.Effects("RequestHandoff").ShouldBeEmpty();
    }

    [Fact]
    public async Task Governance_that_misses_its_targets_within_the_window_escalates_and_asks_for_a_revision()
    {
        _wf.Host.Incident["severity"] = "S3";
        var started = await _wf.Start(_wf.Publish(Seed("emergency-response.yaml")));
        await Ok(_wf.Act("triage", new() { ["outcome"] = "Confirmed", ["severity"] = "S3" }));
        await Ok(_wf.Act("assess", new() { ["affectedContent"] = 1, ["exposure"] = 10, ["spreadPerHour"] = 0, ["severity"] = "S3" }));

        (await Signal("Maybe")).Status.ShouldBe(WorkflowRunStatus.InvalidInput);
        _wf.Clock.Advance(TimeSpan.FromDays(29));
        (await _wf.FireDueTimers()).ShouldBe(0);
        _wf.Clock.Advance(TimeSpan.FromDays(1));
        (await _wf.FireDueTimers()).ShouldBe(1);

        _wf.Host.Effects("Escalate").ShouldBe(["Escalate +1 Governance did not meet its targets within the 30-day evaluation window"]);
        (await _wf.Bookmarks(started.InstanceId!.Value)).Select(b => b.Name).ShouldBe(["revise-governance"]);
        (await Signal("Effective")).Status.ShouldBe(WorkflowRunStatus.BookmarkConsumed);
        await Ok(_wf.Act("revise-governance", new() { ["outcome"] = "Revised", ["note"] = "v2 of the rule targets gift farming" }));
        (await _wf.Bookmarks(started.InstanceId!.Value)).Select(b => b.Name).Order().ShouldBe(["governance-effect", "signal-timer"]);
    }

    [Fact]
    public async Task An_appeal_closes_the_live_guild_appeal_window_early()
    {
        var started = await _wf.Start(_wf.Publish(Seed("live-guild-violation.yaml")));
        await Ok(_wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), null, default));
        var penalty = await _wf.Act("penalty-decision", new() { ["penalty"] = "suspend-guild" });
        penalty.CreatedBookmarks.Select(b => b.Name).Order().ShouldBe(["delay", "record-appeal"]);

        var appealed = await _wf.Act("record-appeal", new() { ["outcome"] = "Upheld", ["ruling"] = "penalty stands" });
        _wf.Clock.Advance(TimeSpan.FromDays(4));

        appealed.InstanceStatus.ShouldBe(WorkflowInstanceStatus.Finished);
        (await _wf.FireDueTimers()).ShouldBe(0);
        (await _wf.Bookmarks(started.InstanceId!.Value)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_an_appeal_the_live_guild_case_closes_after_three_days()
    {
        await _wf.Start(_wf.Publish(Seed("live-guild-violation.yaml")));
        await Ok(_wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("handoff", "c1", new JsonObject { ["handoffId"] = "h1" }), null, default));
        await Ok(_wf.Act("penalty-decision", new() { ["penalty"] = "warning" }));

        _wf.Clock.Advance(TimeSpan.FromDays(3));

        (await _wf.FireDueTimers()).ShouldBe(1);
        _wf.Host.Calls.ShouldContain("TaskClosed record-appeal Cancelled");
        _wf.Host.Calls.Last().ShouldBe("Finish penalty enforced");
    }

    private static async Task Ok(Task<WorkflowRunResult> run)
    {
        var result = await run;
        result.Status.ShouldBe(WorkflowRunStatus.Executed, string.Join("; ", result.Errors));
    }

    private Task<WorkflowRunResult> Signal(string outcome) =>
        _wf.Engine.ResumeAsync(_wf.Store, _wf.Host, new BookmarkKey("governance-effect", "c1"), new JsonObject { ["outcome"] = outcome }, default);
}
