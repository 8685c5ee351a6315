using System.Net;
using Incident.Api.Features.Reports;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Incident.Api.Tests.Reports.ReportCalls;

namespace Incident.Api.Tests.Reports;

/// <summary>The daily digest: the job's work called directly with the fake clock (STYLE.md "Jobs are invoked directly").</summary>
public sealed class DailyDigestTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_digest_counts_the_last_24_hours_once_per_local_day_and_is_kept_from_partners_by_default()
    {
        // Quartz runs on the same fake clock: left alone it would produce the day's digest the moment the clock
        // passes 08:00 Shanghai, racing this test's own call (and counting a half-built day).
        var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.PauseTrigger(new TriggerKey("produce-daily-digest-daily"));
        var op = await server.SignIn("operator1");
        var digest = server.Services.GetRequiredService<DailyDigest>();
        var old = await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Old and still open", severity: "S2"));
        server.Clock.Advance(TimeSpan.FromHours(25)); // 2026-11-23 09:00 UTC = 17:00 in Asia/Shanghai
        op = await server.SignIn("operator1"); // the first token expired with the clock
        var fresh = await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Minor safety '; drop", category: "minor-safety", severity: "S1"));
        var dismissed = await ApiCalls.Open(op, ApiCalls.NewIncident(title: "False alarm", severity: "S2"));
        await WorkflowCalls.ActOk(op, Id(dismissed), "triage", new { outcome = "Dismissed", severity = "S2" });

        var first = await digest.ProduceAsync();

        first.Created.ShouldBeTrue();
        var report = first.Report;
        report.Kind.ShouldBe("daily-digest");
        report.Status.ShouldBe("published");
        report.IncidentId.ShouldBeNull();
        report.DigestDate.ShouldBe("2026-11-23");
        report.Title.ShouldBe("每日简报 Daily digest · 2026-11-23");
        // It names incidents partners may not be involved in: risk ops only unless configured (API.md "Visibility").
        report.Audience.ShouldBe(["risk-ops"]);
        var markdown = report.Markdown;
        markdown.ShouldContain("2026-11-22 17:00 — 2026-11-23 17:00 (Asia/Shanghai)");
        markdown.ShouldContain("新增 Opened **2** · 关闭 Closed **1** · 未关闭 Still open **2**");
        markdown.ShouldContain("| S1 | 1 | 0 | 1 |");
        markdown.ShouldContain("| S2 | 1 | 1 | 1 |");
        markdown.ShouldContain("| fraud-scam | 1 | 1 | 1 |");
        markdown.ShouldContain("| minor-safety | 1 | 0 | 1 |");
        markdown.ShouldContain("| discovery | 1 | 0 | 2 |");
        markdown.ShouldContain("| closure | 1 | 1 | 0 |");
        markdown.ShouldContain($"**{Text(old, "key")}** [S2] Old and still open");
        markdown.ShouldContain($"**{Text(fresh, "key")}** [S1] Minor safety '; drop");
        markdown.ShouldContain($"## 关闭 Closed (1)\n\n- **{Text(dismissed, "key")}** [S2] False alarm");

        var again = await digest.ProduceAsync();
        again.Created.ShouldBeFalse();
        again.Report.Id.ShouldBe(report.Id);
        (await server.Scalar<long>("select count(*) from reports where kind = 'daily-digest'")).ShouldBe(1);

        server.Clock.Advance(TimeSpan.FromDays(1));
        var next = await digest.ProduceAsync();
        next.Created.ShouldBeTrue();
        next.Report.DigestDate.ShouldBe("2026-11-24");
        next.Report.Markdown.ShouldContain("新增 Opened **0** · 关闭 Closed **0** · 未关闭 Still open **2**");
        op = await server.SignIn("operator1");

        foreach (var partner in new[] { "review1", "guild1" })
        {
            var client = await server.SignIn(partner);
            (await ApiCalls.GetJson(client, "/api/reports?kind=daily-digest"))["total"]!.GetValue<int>().ShouldBe(0, partner);
            (await client.GetAsync($"/api/reports/{report.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, partner);
        }

        foreach (var user in new[] { "operator1", "lead1", "admin" })
        {
            var client = await server.SignIn(user);
            var listed = await ApiCalls.GetJson(client, "/api/reports?kind=daily-digest");
            listed["total"]!.GetValue<int>().ShouldBe(2, user);
            listed["items"]!.AsArray().Select(r => Text(r!, "digestDate")).ShouldBe(["2026-11-24", "2026-11-23"], user);
            Text(await ApiCalls.GetJson(client, $"/api/reports/{report.Id}"), "markdown").ShouldBe(markdown, user);
        }

        var export = await op.GetAsync($"/api/reports/{report.Id}/export?format=html");
        await ApiCalls.Expect(export, HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.ToString().ShouldBe("inline; filename=\"daily-digest-2026-11-23.html\"");
        Text(await ApiCalls.Problem(await Approve(await server.SignIn("lead1"), report.Id.ToString()), HttpStatusCode.Conflict), "type")
            .ShouldEndWith("/report-not-draft");
    }
}

/// <summary>ADR-0010: the cron trigger, in the configured zone, on the scheduler the workflow feature owns (same fake clock).</summary>
public sealed class DailyDigestScheduleTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_digest_job_is_scheduled_at_08_00_Shanghai_time_by_a_cron_trigger()
    {
        // STYLE.md: jobs are invoked directly in tests (DailyDigestTests); here only the schedule is checked.
        var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = (ICronTrigger?)await scheduler.GetTrigger(new TriggerKey("produce-daily-digest-daily"));
        trigger.ShouldNotBeNull();
        trigger.CronExpressionString.ShouldBe("0 0 8 * * ?");
        trigger.TimeZone.Id.ShouldBe("Asia/Shanghai");
        trigger.JobKey.Name.ShouldBe("produce-daily-digest");
        (await scheduler.GetJobDetail(trigger.JobKey)).ShouldNotBeNull();

        // 2026-11-22 08:00 UTC is 16:00 in Shanghai: the next run is 08:00 there the next day, 00:00 UTC.
        trigger.GetFireTimeAfter(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero))
            .ShouldBe(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    }
}
