using System.Net;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using static Incident.Api.Tests.Governance.EducationCalls;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 5: market-education campaigns to segments of subjects (docs/governance.md "Market education").</summary>
public sealed class EducationTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task A_campaign_to_listed_subjects_sends_one_templated_notice_each_in_the_business_lines_language()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var (ruleId, key) = await LiveRule(server, incidentId, change: b => b["name"] = "Guild fake traffic");
        var campaign = await SendOk(op, key, new
        {
            template = "new-rule",
            segment = new { kind = "subjects", subjects = new[] { new { type = "guild", id = "g-1" }, new { type = "creator", id = "c-1" }, new { type = "guild", id = "g-1" } } },
        });
        campaign["ruleId"]!.GetValue<string>().ShouldBe(ruleId);
        campaign["template"]!.GetValue<string>().ShouldBe("new-rule");
        campaign["language"]!.GetValue<string>().ShouldBe("en");
        campaign["recipients"]!.GetValue<int>().ShouldBe(2);
        campaign["notSent"]!.GetValue<int>().ShouldBe(2);
        campaign["pending"]!.GetValue<int>().ShouldBe(0);
        campaign["segment"]!["kind"]!.GetValue<string>().ShouldBe("subjects");
        campaign["createdBy"]!.GetValue<string>().ShouldBe("operator1");

        var view = await ApiCalls.GetJson(op, $"/api/governance/rules/{ruleId}/notices");
        view["campaigns"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(campaign["id"]!.GetValue<string>());
        var notices = view["notices"]!.AsArray();
        notices.Select(n => $"{n!["recipient"]!["type"]}/{n["recipient"]!["id"]}").Order().ShouldBe(["creator/c-1", "guild/g-1"]);
        var notice = notices[0]!;
        notice["kind"]!.GetValue<string>().ShouldBe("new-rule");
        notice["title"]!.GetValue<string>().ShouldBe("New rule: Guild fake traffic");
        notice["body"]!.GetValue<string>().ShouldContain($"\"Guild fake traffic\" ({key})");
        notice["body"]!.GetValue<string>().ShouldContain("strike 1: warning; strike 2: traffic limit for 7 days");
        notice["body"]!.GetValue<string>().ShouldContain("fake viewers");
        notice["body"]!.GetValue<string>().ShouldNotContain("**");
        notice["deliveryStatus"]!.GetValue<string>().ShouldBe("not-sent");
        notice["error"]!.GetValue<string>().ShouldBe("no delivery channel configured");
        notice["campaignId"]!.GetValue<string>().ShouldBe(campaign["id"]!.GetValue<string>());

        var sent = (await WorkflowCalls.Timeline(op, incidentId)).Single(e => e["type"]!.GetValue<string>() == "governance.notices-sent");
        sent["data"]!["recipients"]!.GetValue<int>().ShouldBe(2);
        sent["data"]!["template"]!.GetValue<string>().ShouldBe("new-rule");
        (await ApiCalls.GetJson(op, "/api/governance/subjects/guild/g-1"))["notices"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_templates_speak_chinese_and_english()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => { b["name"] = "直播间诱导打赏"; b["businessLine"] = "douyin"; });
        var subjects = new { kind = "subjects", subjects = new[] { new { type = "guild", id = Unique("g") } } };
        async Task<(string Title, string Body)> Text(string template, string? language)
        {
            var campaign = await SendOk(op, key, new { template, segment = subjects, language });
            var notice = (await ApiCalls.GetJson(op, $"/api/governance/rules/{key}/notices"))["notices"]!.AsArray()
                .First(n => n!["campaignId"]?.GetValue<string>() == campaign["id"]!.GetValue<string>())!;
            notice["language"]!.GetValue<string>().ShouldBe(campaign["language"]!.GetValue<string>());
            return (notice["title"]!.GetValue<string>(), notice["body"]!.GetValue<string>());
        }

        // Douyin speaks Chinese by default.
        var newRule = await Text("new-rule", null);
        newRule.Title.ShouldBe("新规则上线：直播间诱导打赏");
        newRule.Body.ShouldContain($"平台已上线规则「直播间诱导打赏」（{key}）");
        newRule.Body.ShouldContain("第 1 次：警告；第 2 次：限流 7 天；第 3 次：冻结收益 30 天");
        newRule.Body.ShouldContain("90 天内累计计算");
        (await Text("rule-changed", "zh-CN")).Title.ShouldBe("规则更新：直播间诱导打赏");
        (await Text("education", "zh-CN")).Body.ShouldContain("请完成相关合规学习");
        var english = await Text("education", "en");
        english.Title.ShouldBe("Compliance training: 直播间诱导打赏");
        english.Body.ShouldContain("please complete the compliance training");
        english.Body.ShouldContain("strike 5: termination");
        (await Text("rule-changed", "en")).Body.ShouldContain("is now at version 1");
    }

    [Fact]
    public async Task Rule_offenders_are_the_counting_subjects_with_enough_active_strikes()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var (_, key) = await LiveRule(server, rollUpToGuild: true);
        var (twice, once, reversed) = (Unique("g"), Unique("g"), Unique("g"));
        await ImportOk(op,
            Record(Unique("e"), key, Unique("c"), Now.AddDays(-2), subjectType: "creator", guildId: twice),
            Record(Unique("e"), key, twice, Now.AddDays(-1)),
            Record(Unique("e"), key, once, Now.AddDays(-1)),
            Record(Unique("e"), key, reversed, Now.AddDays(-3)),
            Record("rev-" + reversed, key, reversed, Now.AddDays(-2)),
            Record(Unique("e"), key, Unique("g"), Now.AddDays(-200)));
        var appealId = (await FileAppeal(op, "rev-" + reversed))["id"]!.GetValue<string>();
        await ApiCalls.Expect(await Decide(lead, appealId), HttpStatusCode.OK);

        var atLeastTwo = await SendOk(op, key, new { template = "education", segment = new { kind = "rule-offenders", minStrikes = 2 } });
        atLeastTwo["recipients"]!.GetValue<int>().ShouldBe(1);
        atLeastTwo["segment"]!["minStrikes"]!.GetValue<int>().ShouldBe(2);
        var notices = (await ApiCalls.GetJson(op, $"/api/governance/rules/{key}/notices"))["notices"]!.AsArray();
        notices.Single(n => n!["campaignId"]?.GetValue<string>() == atLeastTwo["id"]!.GetValue<string>())!["recipient"]!["id"]!.GetValue<string>().ShouldBe(twice);
        // By default one active strike is enough; the 200-day-old one is outside the window.
        (await SendOk(op, key, new { template = "education", segment = new { kind = "rule-offenders" } }))["recipients"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task Guilds_of_a_business_line_are_every_guild_seen_in_its_rules_records()
    {
        var op = await server.SignIn("operator1");
        var (_, live) = await LiveRule(server, rollUpToGuild: true);
        var (_, douyin) = await LiveRule(server, change: b => b["businessLine"] = "douyin");
        var (guild, creatorsGuild, elsewhere) = (Unique("g"), Unique("g"), Unique("g"));
        await ImportOk(op,
            Record(Unique("e"), live, guild, Now.AddDays(-1)),
            Record(Unique("e"), live, Unique("c"), Now.AddDays(-1), subjectType: "creator", guildId: creatorsGuild),
            Record(Unique("e"), douyin, elsewhere, Now.AddDays(-1)));

        var campaign = await SendOk(op, live, new { template = "rule-changed", segment = new { kind = "guilds-of-business-line" }, language = "zh-CN" });
        var recipients = (await ApiCalls.GetJson(op, $"/api/governance/rules/{live}/notices"))["notices"]!.AsArray()
            .Where(n => n!["campaignId"]?.GetValue<string>() == campaign["id"]!.GetValue<string>())
            .Select(n => n!["recipient"]!["id"]!.GetValue<string>()).ToList();
        recipients.ShouldContain(guild);
        recipients.ShouldContain(creatorsGuild);
        recipients.ShouldNotContain(elsewhere);
        campaign["recipients"]!.GetValue<int>().ShouldBe(recipients.Count);
        campaign["language"]!.GetValue<string>().ShouldBe("zh-CN");
    }

    [Fact]
    public async Task Bad_campaigns_are_400_naming_the_field_partners_are_403_and_unknown_rules_404()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var before = await Count(server, "governance_notices");
        var bad = await ApiCalls.Problem(await Send(op, key, new { template = "spam", segment = new { kind = "everyone" }, language = "fr" }), HttpStatusCode.BadRequest);
        bad["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["template", "segment.kind", "language"], ignoreOrder: true);
        var noSubjects = await ApiCalls.Problem(await Send(op, key, new { template = "education", segment = new { kind = "subjects" } }), HttpStatusCode.BadRequest);
        noSubjects["errors"]!["segment.subjects"].ShouldNotBeNull();
        var badSubject = await ApiCalls.Problem(
            await Send(op, key, new { template = "education", segment = new { kind = "subjects", subjects = new[] { new { type = "planet", id = "" } } } }), HttpStatusCode.BadRequest);
        badSubject["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["segment.subjects[0].type", "segment.subjects[0].id"], ignoreOrder: true);
        var many = Enumerable.Range(0, 10_001).Select(i => new { type = "guild", id = $"g{i}" }).ToArray();
        (await ApiCalls.Problem(await Send(op, key, new { template = "education", segment = new { kind = "subjects", subjects = many } }), HttpStatusCode.BadRequest))
            ["errors"]!["segment.subjects"]![0]!.GetValue<string>().ShouldContain("10,000");
        (await Count(server, "governance_notices")).ShouldBe(before);

        var partner = await server.SignIn("review1");
        (await Send(partner, key, new { template = "education", segment = new { kind = "rule-offenders" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Send(op, "GOV-1999-000042", new { template = "education", segment = new { kind = "rule-offenders" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetAsync("/api/governance/rules/GOV-1999-000042/notices")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
