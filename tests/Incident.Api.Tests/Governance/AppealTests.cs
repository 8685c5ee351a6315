using System.Net;
using System.Net.Http.Json;
using System.Text;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 4: appeals against enforcement records (docs/governance.md "Appeals").</summary>
public sealed class AppealTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task An_appeal_is_due_after_the_rule_versions_sla_addressed_to_review_ops_and_on_the_incident_timeline()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var (ruleId, key) = await LiveRule(server, incidentId, change: b => b["appealSlaHours"] = 12);
        var (externalId, guild) = (Unique("e"), Unique("guild"));
        await ImportOk(op, Record(externalId, key, guild, Now.AddDays(-1)));

        var filedAt = Now.AddHours(-2);
        var response = await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = externalId, statement = "Those viewers were real fans.", filedAt });
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        var appeal = await ApiCalls.Body(response);
        response.Headers.Location!.ToString().ShouldBe($"/api/governance/appeals/{appeal["id"]}");
        appeal["status"]!.GetValue<string>().ShouldBe("pending");
        appeal["filedAt"]!.GetValue<DateTimeOffset>().ShouldBe(filedAt);
        appeal["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(filedAt.AddHours(12));
        appeal["overdue"]!.GetValue<bool>().ShouldBeFalse();
        appeal["reviewingDepartment"]!.GetValue<string>().ShouldBe("review-ops");
        appeal["filedBy"]!.GetValue<string>().ShouldBe("operator1");
        appeal["enforcementExternalId"]!.GetValue<string>().ShouldBe(externalId);
        appeal["ruleId"]!.GetValue<string>().ShouldBe(ruleId);
        appeal["ruleKey"]!.GetValue<string>().ShouldBe(key);
        appeal["subject"]!["id"]!.GetValue<string>().ShouldBe(guild);
        appeal["statement"]!.GetValue<string>().ShouldBe("Those viewers were real fans.");

        // Without filedAt it is filed now; the default SLA of a rule is 48 hours.
        var (_, defaultKey) = await LiveRule(server);
        var other = Unique("e");
        await ImportOk(op, Record(other, defaultKey, guild, Now.AddHours(-1)));
        (await FileAppeal(op, other))["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(Now.AddHours(48));

        var filed = (await WorkflowCalls.Timeline(op, incidentId)).Single(e => e["type"]!.GetValue<string>() == "appeal.filed");
        filed["data"]!["appealId"]!.GetValue<string>().ShouldBe(appeal["id"]!.GetValue<string>());
        filed["data"]!["ruleKey"]!.GetValue<string>().ShouldBe(key);
        filed["data"]!["subject"]!["id"]!.GetValue<string>().ShouldBe(guild);

        // The record shows its appeal.
        var record = (await ApiCalls.GetJson(op, $"/api/governance/enforcements?ruleId={key}"))["items"]![0]!;
        record["appealId"]!.GetValue<string>().ShouldBe(appeal["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_records_pending_appeals_reversed_and_shadow_records_and_bad_fields_are_refused()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        (await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = "no-such", statement = "x" }), HttpStatusCode.NotFound))
            ["detail"]!.GetValue<string>().ShouldContain("no-such");

        var (_, key) = await LiveRule(server);
        var externalId = Unique("e");
        await ImportOk(op, Record(externalId, key, Unique("guild"), Now.AddDays(-1)));
        var first = await FileAppeal(op, externalId);
        var exists = await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = externalId, statement = "again" }), HttpStatusCode.Conflict);
        exists["type"]!.GetValue<string>().ShouldEndWith("appeal-exists");

        await ApiCalls.Expect(await Decide(lead, first["id"]!.GetValue<string>(), "overturned"), HttpStatusCode.OK);
        var reversed = await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = externalId, statement = "again" }), HttpStatusCode.Conflict);
        reversed["type"]!.GetValue<string>().ShouldEndWith("record-reversed");

        var (_, shadowKey) = await ShadowRule(server);
        var shadowRecord = Unique("e");
        await ImportOk(op, Record(shadowRecord, shadowKey, Unique("guild"), Now.AddHours(-1)));
        (await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = shadowRecord, statement = "x" }), HttpStatusCode.Conflict))
            ["type"]!.GetValue<string>().ShouldEndWith("record-shadow");

        var other = Unique("e");
        await ImportOk(op, Record(other, key, Unique("guild"), Now.AddHours(-1)));
        var bad = await ApiCalls.Problem(
            await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = other, statement = new string('s', 5001), filedAt = Now.AddDays(1) }),
            HttpStatusCode.BadRequest);
        bad["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["statement", "filedAt"], ignoreOrder: true);
        var early = await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = other, statement = "x", filedAt = Now.AddDays(-2) }), HttpStatusCode.BadRequest);
        early["errors"]!["filedAt"]![0]!.GetValue<string>().ShouldContain("before the penalty");
        (await (await server.SignIn("review1")).PostAsJsonAsync("/api/governance/appeals", new { enforcementExternalId = other, statement = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_csv_of_appeals_is_filed_as_one_batch_and_a_bad_line_stores_none()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var (e1, e2) = (Unique("e"), Unique("e"));
        await ImportOk(op, Record(e1, key, Unique("guild"), Now.AddDays(-1)), Record(e2, key, Unique("guild"), Now.AddDays(-1)));
        var before = await Count(server, "governance_appeals");

        var unknown = await PostCsv(op, $"enforcementExternalId,statement\n{e1},\"Fans, not bots\"\nnope,hi\n");
        (await ApiCalls.Problem(unknown, HttpStatusCode.BadRequest))["errors"]!["line 3"]![0]!.GetValue<string>().ShouldContain("nope");
        var twice = await PostCsv(op, $"enforcementExternalId,statement\n{e1},one\n{e1},two\n");
        var conflict = await ApiCalls.Problem(twice, HttpStatusCode.Conflict);
        conflict["type"]!.GetValue<string>().ShouldEndWith("appeal-exists");
        conflict["detail"]!.GetValue<string>().ShouldStartWith("line 3:");
        (await ApiCalls.Problem(await PostCsv(op, "externalId,text\nx,y\n"), HttpStatusCode.BadRequest))["errors"]!["csv"]![0]!.GetValue<string>()
            .ShouldContain("missing: enforcementExternalId, statement");
        (await Count(server, "governance_appeals")).ShouldBe(before);

        var ok = await PostCsv(op, $"enforcementExternalId,statement,filedAt\n{e1},\"Fans, not bots\",{Now.AddHours(-1):O}\n{e2},Rehearsal,\n");
        await ApiCalls.Expect(ok, HttpStatusCode.Created);
        var body = await ApiCalls.Body(ok);
        body["accepted"]!.GetValue<int>().ShouldBe(2);
        body["appeals"]![0]!["statement"]!.GetValue<string>().ShouldBe("Fans, not bots");
        body["appeals"]![1]!["filedAt"]!.GetValue<DateTimeOffset>().ShouldBe(Now);
    }

    [Fact]
    public async Task The_queue_is_earliest_due_first_marks_overdue_appeals_and_partners_see_their_departments_only()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => b["appealSlaHours"] = 2);
        var (early, late) = (Unique("e"), Unique("e"));
        await ImportOk(op, Record(early, key, Unique("guild"), Now.AddDays(-1)), Record(late, key, Unique("guild"), Now.AddDays(-1)));
        var lateAppeal = await FileAppeal(op, late, Now.AddMinutes(-10));
        var earlyAppeal = await FileAppeal(op, early, Now.AddHours(-3));

        var queue = (await ApiCalls.GetJson(op, $"/api/governance/appeals?ruleId={key}&status=pending"))["items"]!.AsArray();
        queue.Select(a => a!["id"]!.GetValue<string>()).ShouldBe([earlyAppeal["id"]!.GetValue<string>(), lateAppeal["id"]!.GetValue<string>()]);
        queue.Select(a => a!["overdue"]!.GetValue<bool>()).ShouldBe([true, false]);

        var review = await server.SignIn("review1");
        (await ApiCalls.GetJson(review, $"/api/governance/appeals?ruleId={key}"))["total"]!.GetValue<int>().ShouldBe(2);
        var guild = await server.SignIn("guild1");
        (await ApiCalls.GetJson(guild, $"/api/governance/appeals?ruleId={key}"))["total"]!.GetValue<int>().ShouldBe(0);
        (await op.GetAsync("/api/governance/appeals?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Review_ops_and_leaders_decide_others_are_403_and_a_second_decision_is_409_changing_nothing()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var (e1, e2) = (Unique("e"), Unique("e"));
        await ImportOk(op, Record(e1, key, Unique("guild"), Now.AddDays(-1)), Record(e2, key, Unique("guild"), Now.AddDays(-1)));
        var a1 = (await FileAppeal(op, e1))["id"]!.GetValue<string>();
        var a2 = (await FileAppeal(op, e2))["id"]!.GetValue<string>();

        foreach (var user in new[] { "operator1", "admin", "guild1" })
        {
            (await Decide(await server.SignIn(user), a1)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var review = await server.SignIn("review1");
        (await ApiCalls.Problem(await review.PostAsJsonAsync($"/api/governance/appeals/{a1}/decide", new { outcome = "maybe" }), HttpStatusCode.BadRequest))["errors"]!
            .AsObject().Select(e => e.Key).ShouldBe(["outcome", "reason"], ignoreOrder: true);
        var upheld = await Decide(review, a1, "upheld", "The purchase receipts match.");
        await ApiCalls.Expect(upheld, HttpStatusCode.OK);
        var decided = await ApiCalls.Body(upheld);
        decided["status"]!.GetValue<string>().ShouldBe("upheld");
        decided["decidedBy"]!.GetValue<string>().ShouldBe("review1");
        decided["reason"]!.GetValue<string>().ShouldBe("The purchase receipts match.");
        await ApiCalls.Expect(await Decide(await server.SignIn("lead1"), a2, "overturned"), HttpStatusCode.OK);

        var again = await ApiCalls.Problem(await Decide(await server.SignIn("lead1"), a1, "overturned", "Changed my mind"), HttpStatusCode.Conflict);
        again["type"]!.GetValue<string>().ShouldEndWith("appeal-decided");
        var stored = (await ApiCalls.GetJson(op, $"/api/governance/appeals?ruleId={key}&status=upheld"))["items"]!.AsArray().Single()!;
        stored["reason"]!.GetValue<string>().ShouldBe("The purchase receipts match.");
        (await server.Scalar<long>("select count(*) from governance_enforcements where external_id = @e1 and reversed = @no", new { e1, no = false })).ShouldBe(1);
        (await Decide(review, Guid.NewGuid().ToString())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_concurrent_decisions_of_one_appeal_give_exactly_one_200()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var externalId = Unique("e");
        await ImportOk(op, Record(externalId, key, Unique("guild"), Now.AddDays(-1)));
        var appealId = (await FileAppeal(op, externalId))["id"]!.GetValue<string>();
        var (review, lead) = (await server.SignIn("review1"), await server.SignIn("lead1"));

        var responses = await Task.WhenAll(Decide(review, appealId, "upheld", "Receipts match."), Decide(lead, appealId, "overturned", "Rehearsal."));
        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        (await server.Scalar<long>("select count(*) from governance_notices where appeal_id = @appealId", new { appealId = Guid.Parse(appealId) })).ShouldBe(1);
        var winner = await ApiCalls.Body(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        var overturned = winner["status"]!.GetValue<string>() == "overturned";
        (await ApiCalls.GetJson(op, $"/api/governance/appeals?ruleId={key}"))["items"]![0]!["status"]!.GetValue<string>().ShouldBe(winner["status"]!.GetValue<string>());
        (await server.Scalar<long>("select count(*) from governance_enforcements where external_id = @externalId and reversed = @yes", new { externalId, yes = true }))
            .ShouldBe(overturned ? 1 : 0);
    }

    [Fact]
    public async Task An_overturn_reverses_the_record_so_the_next_record_strikes_one_lower_and_the_subject_gets_a_notice()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var (_, key) = await LiveRule(server, incidentId);
        var guild = Unique("guild");
        var (e1, e2) = (Unique("e"), Unique("e"));
        await ImportOk(op, Record(e1, key, guild, Now.AddDays(-3)), Record(e2, key, guild, Now.AddDays(-2)));
        var appealId = (await FileAppeal(op, e2))["id"]!.GetValue<string>();

        var response = await Decide(await server.SignIn("lead1"), appealId, "overturned", "The viewers were real.");
        var decided = await ApiCalls.Body(response);
        decided["status"]!.GetValue<string>().ShouldBe("overturned");
        // tiktok-live speaks English by default.
        var notice = decided["notice"]!;
        notice["language"]!.GetValue<string>().ShouldBe("en");
        notice["kind"]!.GetValue<string>().ShouldBe("appeal-decision");
        notice["recipient"]!["id"]!.GetValue<string>().ShouldBe(guild);
        notice["body"]!.GetValue<string>().ShouldContain("overturned");
        notice["body"]!.GetValue<string>().ShouldContain("The viewers were real.");
        notice["body"]!.GetValue<string>().ShouldContain("traffic limit");
        notice["deliveryStatus"]!.GetValue<string>().ShouldBe("not-sent");
        notice["error"]!.GetValue<string>().ShouldBe("no delivery channel configured");

        var record = (await ApiCalls.GetJson(op, $"/api/governance/enforcements?ruleId={key}"))["items"]!.AsArray().Single(r => r!["externalId"]!.GetValue<string>() == e2)!;
        record["reversed"]!.GetValue<bool>().ShouldBeTrue();
        record["reversedAt"]!.GetValue<DateTimeOffset>().ShouldBe(Now);
        Strikes(await ImportOk(op, Record(Unique("e"), key, guild, Now))).ShouldBe([2]);

        var page = await ApiCalls.GetJson(op, $"/api/governance/subjects/guild/{guild}");
        page["appeals"]!.AsArray().Single()!["status"]!.GetValue<string>().ShouldBe("overturned");
        page["notices"]!.AsArray().Single()!["title"]!.GetValue<string>().ShouldContain("Appeal decision");
        var decidedEvent = (await WorkflowCalls.Timeline(op, incidentId)).Single(e => e["type"]!.GetValue<string>() == "appeal.decided");
        decidedEvent["data"]!["outcome"]!.GetValue<string>().ShouldBe("overturned");
        decidedEvent["data"]!["appealId"]!.GetValue<string>().ShouldBe(appealId);
        decidedEvent["data"]!["subject"]!["id"]!.GetValue<string>().ShouldBe(guild);
    }

    [Fact]
    public async Task A_decision_notice_in_chinese_names_the_penalty_rule_and_reason()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => b["name"] = "公会刷量");
        var externalId = Unique("e");
        await ImportOk(op, Record(externalId, key, Unique("guild"), Now.AddDays(-1)));
        var appealId = (await FileAppeal(op, externalId))["id"]!.GetValue<string>();
        var decided = await ApiCalls.Body(await Decide(await server.SignIn("review1"), appealId, "upheld", "购买记录与刷量吻合", language: "zh-CN"));
        var notice = decided["notice"]!;
        notice["language"]!.GetValue<string>().ShouldBe("zh-CN");
        notice["title"]!.GetValue<string>().ShouldBe("申诉结果：公会刷量");
        notice["body"]!.GetValue<string>().ShouldContain("您对处罚「警告」（规则「公会刷量」");
        notice["body"]!.GetValue<string>().ShouldContain("维持原处罚");
        notice["body"]!.GetValue<string>().ShouldContain("理由：购买记录与刷量吻合");
        (await ApiCalls.Problem(await Decide(await server.SignIn("lead1"), appealId, "upheld", "x", language: "fr"), HttpStatusCode.BadRequest))["errors"]!["language"]
            .ShouldNotBeNull();
    }

    private static async Task<HttpResponseMessage> PostCsv(HttpClient client, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.PostAsync("/api/governance/appeals", content);
    }
}
