using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 3: the subject page, the records list and education steps (docs/governance.md "Enforcement records").</summary>
public sealed class EnforcementSubjectTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task The_subject_page_shows_active_strikes_per_rule_the_next_step_and_the_penalties_still_running()
    {
        var op = await server.SignIn("operator1");
        var (ruleA, keyA) = await LiveRule(server, change: b => b["strikeWindowDays"] = 30);
        var (ruleB, keyB) = await LiveRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new[] { new { strike = 1, action = "termination" } }));
        var guild = Unique("guild");
        await ImportOk(op,
            Record(Unique("old"), keyA, guild, Now.AddDays(-33)),
            Record(Unique("e"), keyA, guild, Now.AddDays(-10)),
            Record(Unique("e"), keyA, guild, Now.AddDays(-5)),
            Record(Unique("e"), keyB, guild, Now.AddDays(-100)));

        var page = await ApiCalls.GetJson(op, $"/api/governance/subjects/guild/{guild}");
        page["subject"]!["type"]!.GetValue<string>().ShouldBe("guild");
        page["subject"]!["id"]!.GetValue<string>().ShouldBe(guild);
        // Rule A: strikes 1 (33 days ago, outside the window now), 2 (traffic-limit 7 d, ended) and 3 (revenue-freeze 30 d, running).
        var a = page["rules"]!.AsArray().Single(r => r!["ruleKey"]!.GetValue<string>() == keyA)!;
        a["ruleId"]!.GetValue<string>().ShouldBe(ruleA);
        a["activeStrikes"]!.GetValue<int>().ShouldBe(2);
        a["nextStep"]!["strike"]!.GetValue<int>().ShouldBe(3);
        a["nextStep"]!["action"]!.GetValue<string>().ShouldBe("revenue-freeze");
        a["ruleName"]!.GetValue<string>().ShouldStartWith("Rule");
        var b = page["rules"]!.AsArray().Single(r => r!["ruleId"]!.GetValue<string>() == ruleB)!;
        b["activeStrikes"]!.GetValue<int>().ShouldBe(0);
        page["activeStrikes"]!.GetValue<int>().ShouldBe(2);

        var penalties = page["activePenalties"]!.AsArray();
        penalties.Select(p => p!["action"]!.GetValue<string>()).ShouldBe(["revenue-freeze", "termination"]);
        penalties[0]!["until"]!.GetValue<DateTimeOffset>().ShouldBe(Now.AddDays(-5).AddDays(30));
        penalties[1]!["until"].ShouldBeNull();
        page["records"]!.AsArray().Select(r => r!["strike"]!.GetValue<int>()).ShouldBe([3, 2, 1, 1]);
        page["appeals"]!.AsArray().ShouldBeEmpty();
        page["notices"]!.AsArray().ShouldBeEmpty();

        // The window moves with the clock: 22 days on, the strike of 5 days ago is the only one left (its freeze runs 3 more days) ...
        server.Clock.Advance(TimeSpan.FromDays(22));
        op = await server.SignIn("operator1");
        var later = await ApiCalls.GetJson(op, $"/api/governance/subjects/guild/{guild}");
        later["rules"]!.AsArray().Single(r => r!["ruleKey"]!.GetValue<string>() == keyA)!["activeStrikes"]!.GetValue<int>().ShouldBe(1);
        later["activePenalties"]!.AsArray().Select(p => p!["action"]!.GetValue<string>()).ShouldBe(["revenue-freeze", "termination"]);
        // ... 4 days more and the freeze has ended while the termination stands.
        server.Clock.Advance(TimeSpan.FromDays(4));
        op = await server.SignIn("operator1");
        var after = await ApiCalls.GetJson(op, $"/api/governance/subjects/guild/{guild}");
        after["activeStrikes"]!.GetValue<int>().ShouldBe(0);
        after["activePenalties"]!.AsArray().Select(p => p!["action"]!.GetValue<string>()).ShouldBe(["termination"]);
    }

    [Fact]
    public async Task A_guilds_page_counts_its_creators_records_under_a_rule_that_rolls_up()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, rollUpToGuild: true);
        var (guild, creator) = (Unique("guild"), Unique("creator"));
        await ImportOk(op, Record(Unique("e"), key, creator, Now.AddHours(-2), subjectType: "creator", guildId: guild), Record(Unique("e"), key, guild, Now.AddHours(-1)));

        var page = await ApiCalls.GetJson(op, $"/api/governance/subjects/guild/{guild}");
        page["activeStrikes"]!.GetValue<int>().ShouldBe(2);
        page["records"]!.AsArray().Count.ShouldBe(2);
        var creatorPage = await ApiCalls.GetJson(op, $"/api/governance/subjects/creator/{creator}");
        creatorPage["records"]!.AsArray().Single()!["strikeSubject"]!["id"]!.GetValue<string>().ShouldBe(guild);
        creatorPage["activeStrikes"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_subject_with_nothing_is_200_empty_an_unknown_type_is_400_and_partners_see_only_visible_rules()
    {
        var op = await server.SignIn("operator1");
        var empty = await ApiCalls.GetJson(op, $"/api/governance/subjects/creator/{Unique("nobody")}");
        empty["activeStrikes"]!.GetValue<int>().ShouldBe(0);
        empty["rules"]!.AsArray().ShouldBeEmpty();
        empty["records"]!.AsArray().ShouldBeEmpty();
        empty["activePenalties"]!.AsArray().ShouldBeEmpty();
        var problem = await ApiCalls.Problem(await op.GetAsync("/api/governance/subjects/planet/p1"), HttpStatusCode.BadRequest);
        problem["errors"]!["type"]![0]!.GetValue<string>().ShouldContain("planet");

        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        // Implemented by review-ops only, so launching hands nothing to live-guild-ops.
        var (_, key) = await LiveRule(server, incidentId, change: b => b["implementingDepartments"] = GovernanceCalls.JsonSerializerNode(new[] { "review-ops" }));
        var guild = Unique("guild");
        await ImportOk(op, Record(Unique("e"), key, guild, Now.AddHours(-1)));
        var partner = await server.SignIn("guild1");
        (await ApiCalls.GetJson(partner, $"/api/governance/subjects/guild/{guild}"))["records"]!.AsArray().ShouldBeEmpty();
        (await ApiCalls.GetJson(partner, $"/api/governance/enforcements?subjectId={guild}"))["total"]!.GetValue<int>().ShouldBe(0);

        await ApiCalls.RequestHandoff(op, incidentId, "live-guild-ops");
        var seen = await ApiCalls.GetJson(partner, $"/api/governance/subjects/guild/{guild}");
        seen["records"]!.AsArray().Count.ShouldBe(1);
        seen["activeStrikes"]!.GetValue<int>().ShouldBe(1);
        (await ApiCalls.GetJson(partner, $"/api/governance/enforcements?ruleId={key}"))["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_records_list_filters_by_rule_and_subject_and_pages_newest_first()
    {
        var op = await server.SignIn("operator1");
        var (ruleId, key) = await LiveRule(server);
        var (g1, g2) = (Unique("guild"), Unique("guild"));
        await ImportOk(op, Record(Unique("e"), key, g1, Now.AddHours(-3)), Record(Unique("e"), key, g2, Now.AddHours(-2)), Record(Unique("e"), key, g1, Now.AddHours(-1)));

        var byRule = await ApiCalls.GetJson(op, $"/api/governance/enforcements?ruleId={ruleId}&pageSize=2");
        byRule["total"]!.GetValue<int>().ShouldBe(3);
        byRule["items"]!.AsArray().Count.ShouldBe(2);
        byRule["items"]![0]!["occurredAt"]!.GetValue<DateTimeOffset>().ShouldBe(Now.AddHours(-1));
        var item = byRule["items"]![0]!;
        item["ruleKey"]!.GetValue<string>().ShouldBe(key);
        item["subject"]!["id"]!.GetValue<string>().ShouldBe(g1);
        item["reversed"]!.GetValue<bool>().ShouldBeFalse();
        item["territorialScope"]!.AsArray().Count.ShouldBe(27);
        var bySubject = await ApiCalls.GetJson(op, $"/api/governance/enforcements?ruleId={key}&subjectType=guild&subjectId={g1}");
        bySubject["items"]!.AsArray().Select(r => r!["strike"]!.GetValue<int>()).ShouldBe([2, 1]);
        (await op.GetAsync("/api/governance/enforcements?subjectType=planet")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ApiCalls.GetJson(op, "/api/governance/enforcements?ruleId=GOV-1999-000009"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task An_education_step_is_marked_completed_once_and_other_steps_are_409()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new object[]
        {
            new { strike = 1, action = "education" },
            new { strike = 2, action = "traffic-limit", durationDays = 3 },
        }));
        var guild = Unique("guild");
        var (education, limit) = (Unique("edu"), Unique("lim"));
        await ImportOk(op, Record(education, key, guild, Now.AddDays(-2)), Record(limit, key, guild, Now.AddDays(-1)));

        var completedAt = Now.AddDays(-1).AddHours(3);
        var done = await op.PostAsJsonAsync($"/api/governance/enforcements/{education}/education-completed", new { completedAt });
        await ApiCalls.Expect(done, HttpStatusCode.OK);
        (await ApiCalls.Body(done))["educationCompletedAt"]!.GetValue<DateTimeOffset>().ShouldBe(completedAt);
        // A second completion keeps the first (re-violation is measured from it).
        var again = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/governance/enforcements/{education}/education-completed", new { }));
        again["educationCompletedAt"]!.GetValue<DateTimeOffset>().ShouldBe(completedAt);
        (await server.Scalar<long>("select count(*) from governance_enforcements where external_id = @education and education_completed_at is not null", new { education })).ShouldBe(1);

        var notEducation = await ApiCalls.Problem(await op.PostAsJsonAsync($"/api/governance/enforcements/{limit}/education-completed", new { }), HttpStatusCode.Conflict);
        notEducation["type"]!.GetValue<string>().ShouldEndWith("not-education");
        notEducation["detail"]!.GetValue<string>().ShouldContain("traffic-limit");
        (await op.PostAsJsonAsync("/api/governance/enforcements/no-such-record/education-completed", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var partner = await server.SignIn("review1");
        (await partner.PostAsJsonAsync($"/api/governance/enforcements/{education}/education-completed", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
