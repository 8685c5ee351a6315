using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using static Incident.Api.Tests.Reports.ReportCalls;

namespace Incident.Api.Tests.Reports;

/// <summary>API.md "Reports": draft, edit, approve, publish, read and export over HTTP, by the roles that may.</summary>
public sealed class ReportsTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Theory]
    [InlineData("flash", "快报 Flash report")]
    [InlineData("assessment", "评估报告 Assessment report")]
    [InlineData("special", "专项报告 Special report")]
    public async Task A_draft_of_each_kind_is_filled_from_the_incident_its_timeline_and_handoffs(string kind, string heading)
    {
        var op = await server.SignIn("operator1");
        var incident = await ApiCalls.Open(op, ApiCalls.NewIncident(title: $"Fraud rooms {kind}"));
        var id = Id(incident);
        var key = Text(incident, "key");
        await ApiCalls.RequestHandoff(op, id, "legal");

        var response = await Draft(op, id, kind);

        await ApiCalls.Expect(response, HttpStatusCode.Created);
        var draft = await ApiCalls.Body(response);
        response.Headers.Location!.ToString().ShouldBe($"/api/reports/{Id(draft)}");
        Text(draft, "kind").ShouldBe(kind);
        Text(draft, "status").ShouldBe("draft");
        Text(draft, "incidentId").ShouldBe(id);
        Text(draft, "incidentKey").ShouldBe(key);
        Text(draft, "createdBy").ShouldBe("operator1");
        draft["version"]!.GetValue<int>().ShouldBe(1);
        draft["audience"]!.AsArray().ShouldBeEmpty();
        Text(draft, "title").ShouldBe($"{heading} · {key} Fraud rooms {kind}");
        var markdown = Text(draft, "markdown");
        markdown.ShouldStartWith($"# {heading} · {key} Fraud rooms {kind}");
        markdown.ShouldContain("| 等级 Severity | S2 |");
        markdown.ShouldContain("| 类别 Category | fraud-scam |");
        markdown.ShouldContain("| 涉及部门 Departments | legal, risk-ops |");
        markdown.ShouldContain("`incident.opened` · operator1");
        markdown.ShouldContain("`handoff.requested` · operator1 — legal");
        markdown.ShouldContain("| legal | pending |");
        markdown.ShouldNotContain("{{");

        (await WorkflowCalls.Types(op, id)).ShouldContain("report.drafted");
        (await ApiCalls.GetJson(op, $"/api/reports/{Id(draft)}"))["markdown"]!.GetValue<string>().ShouldBe(markdown);
        var listed = await ApiCalls.GetJson(op, $"/api/incidents/{id}/reports");
        listed["items"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(draft)]);
        listed["items"]![0]!["markdown"].ShouldBeNull();
    }

    [Fact]
    public async Task An_unknown_kind_is_400_naming_the_kinds_that_can_be_drafted()
    {
        var op = await server.SignIn("operator1");
        var id = Id(await ApiCalls.Open(op));
        foreach (var kind in new[] { "weekly", "daily-digest" })
        {
            var problem = await ApiCalls.Problem(await Draft(op, id, kind), HttpStatusCode.BadRequest);
            problem["errors"]!["kind"]![0]!.GetValue<string>().ShouldContain("flash, assessment, special");
        }

        (await ApiCalls.Problem(
            await op.PostAsJsonAsync($"/api/incidents/{id}/reports", new { }), HttpStatusCode.BadRequest))["errors"]!["kind"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_partner_may_not_draft_and_never_sees_a_draft()
    {
        var op = await server.SignIn("operator1");
        var review = await server.SignIn("review1");
        var guild = await server.SignIn("guild1");
        var id = Id(await ApiCalls.Open(op));
        await ApiCalls.RequestHandoff(op, id, "review-ops");
        var draft = await DraftOk(op, id);

        await ApiCalls.Problem(await Draft(review, id, "flash"), HttpStatusCode.Forbidden);
        await ApiCalls.Problem(await Draft(guild, id, "flash"), HttpStatusCode.NotFound);
        await ApiCalls.Problem(await review.GetAsync($"/api/reports/{Id(draft)}"), HttpStatusCode.NotFound);
        await ApiCalls.Problem(await review.GetAsync($"/api/reports/{Id(draft)}/export?format=html"), HttpStatusCode.NotFound);
        await ApiCalls.Problem(await review.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown = "x" }), HttpStatusCode.NotFound);
        (await ApiCalls.GetJson(review, $"/api/incidents/{id}/reports"))["items"]!.AsArray().ShouldBeEmpty();
        (await ApiCalls.GetJson(review, "/api/reports?pageSize=200"))["items"]!.AsArray().Select(r => Id(r!)).ShouldNotContain(Id(draft));
        await ApiCalls.Problem(await guild.GetAsync($"/api/incidents/{id}/reports"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_draft_is_edited_verbatim_and_a_stale_version_is_409()
    {
        var op = await server.SignIn("operator1");
        var draft = await DraftOk(op, Id(await ApiCalls.Open(op)), "special");
        const string markdown = "# 专项报告 '; drop table reports; --\n\n直播间诈骗 100% _x_ [a](b) \\ \" ' `select * from incidents where 1=1`\n";

        var response = await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { title = "专项 'O''Brien' %_", markdown, expectedVersion = 1 });

        await ApiCalls.Expect(response, HttpStatusCode.OK);
        var edited = await ApiCalls.Body(response);
        Text(edited, "markdown").ShouldBe(markdown);
        Text(edited, "title").ShouldBe("专项 'O''Brien' %_");
        edited["version"]!.GetValue<int>().ShouldBe(2);
        var read = await ApiCalls.GetJson(op, $"/api/reports/{Id(draft)}");
        Text(read, "markdown").ShouldBe(markdown);
        (await server.Scalar<long>("select count(*) from reports")).ShouldBeGreaterThan(0);

        var stale = await ApiCalls.Problem(
            await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown = "lost update", expectedVersion = 1 }), HttpStatusCode.Conflict);
        Text(stale, "type").ShouldEndWith("/stale-version");
        stale["currentVersion"]!.GetValue<int>().ShouldBe(2);
        Text(await ApiCalls.GetJson(op, $"/api/reports/{Id(draft)}"), "markdown").ShouldBe(markdown);

        var tooLong = await ApiCalls.Problem(
            await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown = new string('x', 200_001) }), HttpStatusCode.BadRequest);
        tooLong["errors"]!["markdown"].ShouldNotBeNull();
        await ApiCalls.Problem(await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { title = "no body" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_a_leader_approves_and_only_a_draft_is_approved_or_edited()
    {
        var op = await server.SignIn("operator1");
        var admin = await server.SignIn("admin");
        var lead = await server.SignIn("lead1");
        var id = Id(await ApiCalls.Open(op));
        var draft = await DraftOk(op, id, "assessment");

        await ApiCalls.Problem(await Approve(op, Id(draft)), HttpStatusCode.Forbidden);
        await ApiCalls.Problem(await Approve(admin, Id(draft)), HttpStatusCode.Forbidden);
        var response = await Approve(lead, Id(draft));

        await ApiCalls.Expect(response, HttpStatusCode.OK);
        var approved = await ApiCalls.Body(response);
        Text(approved, "status").ShouldBe("approved");
        Text(approved, "approvedBy").ShouldBe("lead1");
        approved["approvedAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow());
        (await WorkflowCalls.Types(op, id)).ShouldContain("report.approved");

        Text(await ApiCalls.Problem(await Approve(lead, Id(draft)), HttpStatusCode.Conflict), "type").ShouldEndWith("/report-not-draft");
        var edit = await ApiCalls.Problem(
            await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown = "late change" }), HttpStatusCode.Conflict);
        Text(edit, "type").ShouldEndWith("/report-not-draft");
    }

    [Fact]
    public async Task Publishing_a_draft_says_to_approve_first_and_an_unknown_department_is_400()
    {
        var op = await server.SignIn("operator1");
        var draft = await DraftOk(op, Id(await ApiCalls.Open(op)));

        var problem = await ApiCalls.Problem(await Publish(op, Id(draft), "review-ops"), HttpStatusCode.Conflict);
        Text(problem, "type").ShouldEndWith("/report-not-approved");
        Text(problem, "detail").ShouldContain("approve first");

        var approved = await Approved(server, op, Id(await ApiCalls.Open(op)));
        var unknown = await ApiCalls.Problem(await Publish(op, Id(approved), "review-ops", "marketing"), HttpStatusCode.BadRequest);
        unknown["errors"]!["audience[1]"]![0]!.GetValue<string>().ShouldContain("marketing");
        await ApiCalls.Problem(await Publish(op, Id(approved)), HttpStatusCode.BadRequest);
        await ApiCalls.Problem(await Publish(await server.SignIn("review1"), Id(approved), "review-ops"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publishing_to_review_ops_involves_it_so_review1_reads_the_incident_and_the_report_and_guild1_still_cannot()
    {
        var op = await server.SignIn("operator1");
        var review = await server.SignIn("review1");
        var guild = await server.SignIn("guild1");
        var incident = await ApiCalls.Open(op);
        var id = Id(incident);
        await ApiCalls.Problem(await review.GetAsync($"/api/incidents/{id}"), HttpStatusCode.NotFound);
        var approved = await Approved(server, op, id, "special");

        var published = await PublishOk(op, Id(approved), "review-ops", "review-ops");

        Text(published, "status").ShouldBe("published");
        Text(published, "publishedBy").ShouldBe("operator1");
        published["audience"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["review-ops"]);
        (await ApiCalls.GetJson(review, $"/api/incidents/{id}"))["departments"]!.AsArray().Select(d => d!.GetValue<string>())
            .ShouldBe(["review-ops", "risk-ops"], ignoreOrder: true);
        Text(await ApiCalls.GetJson(review, $"/api/reports/{Id(approved)}"), "markdown").ShouldContain(Text(incident, "key"));
        (await ApiCalls.GetJson(review, $"/api/incidents/{id}/reports"))["items"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(approved)]);
        (await ApiCalls.GetJson(review, "/api/reports?status=published"))["items"]!.AsArray().Select(r => Id(r!)).ShouldContain(Id(approved));
        await ApiCalls.Problem(await guild.GetAsync($"/api/incidents/{id}"), HttpStatusCode.NotFound);
        await ApiCalls.Problem(await guild.GetAsync($"/api/reports/{Id(approved)}"), HttpStatusCode.NotFound);
        (await ApiCalls.GetJson(guild, "/api/reports"))["items"]!.AsArray().Select(r => Id(r!)).ShouldNotContain(Id(approved));

        var @event = (await WorkflowCalls.Timeline(review, id)).Single(e => e["type"]!.GetValue<string>() == "report.published");
        Text(@event, "actor").ShouldBe("operator1");
        Text(@event["data"]!, "reportId").ShouldBe(Id(approved));
        Text(@event["data"]!, "kind").ShouldBe("special");
        Text(@event["data"]!, "title").ShouldBe(Text(approved, "title"));
        @event["data"]!["audience"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["review-ops"]);
        @event["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain("review-ops");

        await ApiCalls.Problem(await review.PutAsJsonAsync($"/api/reports/{Id(approved)}", new { markdown = "x" }), HttpStatusCode.Forbidden);
        Text(await ApiCalls.Problem(await Publish(op, Id(approved), "legal"), HttpStatusCode.Conflict), "type").ShouldEndWith("/report-already-published");
    }

    [Fact]
    public async Task Export_gives_the_markdown_or_a_print_ready_page_that_escapes_raw_html()
    {
        var op = await server.SignIn("operator1");
        var incident = await ApiCalls.Open(op);
        var draft = await DraftOk(op, Id(incident));
        const string markdown = "# 快报 <b>bold</b>\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) [ok](https://example.com/a?b=1)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        await ApiCalls.Expect(await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown }), HttpStatusCode.OK);
        var key = Text(incident, "key");

        var md = await op.GetAsync($"/api/reports/{Id(draft)}/export?format=md");
        await ApiCalls.Expect(md, HttpStatusCode.OK);
        md.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        md.Content.Headers.ContentDisposition!.ToString().ShouldBe($"inline; filename=\"{key}-flash.md\"");
        (await md.Content.ReadAsStringAsync()).ShouldBe(markdown);

        var html = await op.GetAsync($"/api/reports/{Id(draft)}/export?format=html");
        await ApiCalls.Expect(html, HttpStatusCode.OK);
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.Content.Headers.ContentType!.CharSet.ShouldBe("utf-8");
        html.Content.Headers.ContentDisposition!.ToString().ShouldBe($"inline; filename=\"{key}-flash.html\"");
        html.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
        var page = await html.Content.ReadAsStringAsync();
        page.ShouldStartWith("<!DOCTYPE html>");
        page.ShouldContain("@media print");
        page.ShouldContain("&lt;script&gt;alert('x')&lt;/script&gt;");
        page.ShouldNotContain("<script");
        page.ShouldContain("&lt;b&gt;bold&lt;/b&gt;");
        page.ShouldNotContain("javascript:");
        page.ShouldContain("href=\"https://example.com/a?b=1\"");
        page.ShouldContain("<table>");

        (await op.GetAsync($"/api/reports/{Id(draft)}/export")).Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        var bad = await ApiCalls.Problem(await op.GetAsync($"/api/reports/{Id(draft)}/export?format=pdf"), HttpStatusCode.BadRequest);
        bad["errors"]!["format"]![0]!.GetValue<string>().ShouldContain("md, html");
        await ApiCalls.Problem(await op.GetAsync($"/api/reports/{Guid.NewGuid()}/export?format=md"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publishing_the_flash_report_of_an_S1_incident_completes_the_workflow_publish_flash_report_task()
    {
        var op = await server.SignIn("operator1");
        var id = Id(await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S1")));
        await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S1" });
        var assessed = await WorkflowCalls.ActOk(op, id, "assess",
            new { affectedContent = 1200, exposure = 50000, spreadPerHour = 300.5, severity = "S1", partnerDepartment = "live-guild-ops" });
        WorkflowCalls.Actions(assessed).ShouldBe(["publish-flash-report"]);
        var approved = await Approved(server, op, id, "flash");

        await PublishOk(op, Id(approved), "review-ops", "comms");

        var after = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        WorkflowCalls.Actions(after).ShouldNotContain("publish-flash-report");
        Text(after, "stage").ShouldBe("escalation");
        after["departments"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["comms", "live-guild-ops", "review-ops", "risk-ops"], ignoreOrder: true);
        var types = (await WorkflowCalls.Types(op, id)).ToList();
        types.IndexOf("report.published").ShouldBeLessThan(types.LastIndexOf("task.completed"));
        types.ShouldContain("incident.stage-changed");
        (await WorkflowCalls.Handoffs(op, id)).Count.ShouldBe(2);
        var taken = await WorkflowCalls.Act(op, id, "publish-flash-report", new { summary = "again" });
        Text(await ApiCalls.Problem(taken, HttpStatusCode.Conflict), "type").ShouldEndWith("/bookmark-consumed");
    }

    [Fact]
    public async Task Publishing_an_assessment_report_leaves_the_flash_report_task_open()
    {
        var op = await server.SignIn("operator1");
        var id = Id(await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S1")));
        await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S1" });
        await WorkflowCalls.ActOk(op, id, "assess", new { affectedContent = 1, exposure = 2, spreadPerHour = 3, severity = "S1" });
        var approved = await Approved(server, op, id, "assessment");

        await PublishOk(op, Id(approved), "review-ops");

        WorkflowCalls.Actions(await ApiCalls.GetJson(op, $"/api/incidents/{id}")).ShouldBe(["publish-flash-report"]);
    }

    [Fact]
    public async Task Lists_filter_by_kind_and_status_and_page_like_every_list()
    {
        var op = await server.SignIn("operator1");
        var id = Id(await ApiCalls.Open(op));
        await DraftOk(op, id, "special");
        await DraftOk(op, id, "special");

        var page = await ApiCalls.GetJson(op, "/api/reports?kind=special&status=draft&page=1&pageSize=1");
        page["items"]!.AsArray().Count.ShouldBe(1);
        page["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(2);
        page["pageSize"]!.GetValue<int>().ShouldBe(1);
        (await ApiCalls.Problem(await op.GetAsync("/api/reports?pageSize=201"), HttpStatusCode.BadRequest))["errors"]!["pageSize"].ShouldNotBeNull();
        (await ApiCalls.Problem(await op.GetAsync("/api/reports?kind=weekly"), HttpStatusCode.BadRequest))["errors"]!["kind"].ShouldNotBeNull();
        (await ApiCalls.Problem(await op.GetAsync("/api/reports?status=gone"), HttpStatusCode.BadRequest))["errors"]!["status"].ShouldNotBeNull();
        await ApiCalls.Problem(await op.GetAsync($"/api/reports/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
