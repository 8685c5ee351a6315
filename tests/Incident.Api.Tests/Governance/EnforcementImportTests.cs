using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 3: enforcement records get their strike and ladder step (docs/governance.md "Strikes").</summary>
public sealed class EnforcementImportTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task Three_records_of_one_subject_in_one_batch_strike_1_2_3_with_the_ladders_actions()
    {
        var op = await server.SignIn("operator1");
        var (ruleId, key) = await LiveRule(server);
        var guild = Unique("guild");
        // Sent newest first: the batch is processed in occurredAt order, the response keeps the order sent.
        var imported = await ImportOk(op,
            Record(Unique("e"), key, guild, Now.AddDays(-1)),
            Record(Unique("e"), ruleId, guild, Now.AddDays(-3)),
            Record(Unique("e"), key, guild, Now.AddDays(-2)));

        imported["accepted"]!.GetValue<int>().ShouldBe(3);
        imported["duplicates"]!.GetValue<int>().ShouldBe(0);
        Strikes(imported).ShouldBe([3, 1, 2]);
        Actions(imported).ShouldBe(["revenue-freeze", "warning", "traffic-limit"]);
        var first = imported["records"]![0]!;
        first["durationDays"]!.GetValue<int>().ShouldBe(30);
        first["ruleKey"]!.GetValue<string>().ShouldBe(key);
        first["ruleId"]!.GetValue<string>().ShouldBe(ruleId);
        first["ruleVersion"]!.GetValue<int>().ShouldBe(1);
        first["shadow"]!.GetValue<bool>().ShouldBeFalse();
        first["strikeSubject"]!["type"]!.GetValue<string>().ShouldBe("guild");
        first["strikeSubject"]!["id"]!.GetValue<string>().ShouldBe(guild);
        (await server.Scalar<long>("select count(*) from governance_enforcements where subject_id = @guild", new { guild })).ShouldBe(3);

        // A later batch continues the count; past the top of the ladder the top step repeats.
        var later = await ImportOk(op, Record(Unique("e"), key, guild, Now), Record(Unique("e"), key, guild, Now.AddMinutes(1)), Record(Unique("e"), key, guild, Now.AddMinutes(2)));
        Strikes(later).ShouldBe([4, 5, 6]);
        Actions(later).ShouldBe(["guild-suspension", "termination", "termination"]);
    }

    [Fact]
    public async Task A_strike_older_than_the_window_no_longer_counts()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => b["strikeWindowDays"] = 30);
        var guild = Unique("guild");
        var start = Now.AddDays(-60);
        Strikes(await ImportOk(op, Record(Unique("e"), key, guild, start))).ShouldBe([1]);
        // A minute inside the 30-day window the first strike still counts ...
        Strikes(await ImportOk(op, Record(Unique("e"), key, guild, start.AddDays(30).AddMinutes(-1)))).ShouldBe([2]);
        // ... exactly 30 days later it has left it: the window is (occurredAt − 30 days, occurredAt].
        Strikes(await ImportOk(op, Record(Unique("e"), key, guild, start.AddDays(30)))).ShouldBe([2]);
        // Today all three are older than 30 days.
        Strikes(await ImportOk(op, Record(Unique("e"), key, guild, Now))).ShouldBe([1]);
    }

    [Fact]
    public async Task A_grave_first_offence_goes_straight_to_graveStartsAtStrike()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, graveStartsAtStrike: 3);
        var (graveGuild, plainGuild) = (Unique("guild"), Unique("guild"));
        var imported = await ImportOk(op,
            Record(Unique("e"), key, graveGuild, Now.AddHours(-2), grave: true),
            Record(Unique("e"), key, plainGuild, Now.AddHours(-2), grave: false),
            Record(Unique("e"), key, graveGuild, Now.AddHours(-1)));

        Strikes(imported).ShouldBe([3, 1, 2]);
        Actions(imported).ShouldBe(["revenue-freeze", "warning", "traffic-limit"]);
        imported["records"]![0]!["grave"]!.GetValue<bool>().ShouldBeTrue();
        // Grave means "at least graveStartsAtStrike": after one strike 3, then 3 again (2 active + 1), then the count climbs on.
        var again = await ImportOk(op,
            Record(Unique("e"), key, plainGuild, Now, grave: true),
            Record(Unique("e"), key, plainGuild, Now.AddMinutes(1), grave: true),
            Record(Unique("e"), key, plainGuild, Now.AddMinutes(2)));
        Strikes(again).ShouldBe([3, 3, 4]);
    }

    [Fact]
    public async Task A_rule_that_rolls_up_counts_creators_and_live_rooms_against_their_guild()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, subjectType: "guild", rollUpToGuild: true);
        var guild = Unique("guild");
        var imported = await ImportOk(op,
            Record(Unique("e"), key, Unique("creator"), Now.AddHours(-3), subjectType: "creator", guildId: guild),
            Record(Unique("e"), key, Unique("room"), Now.AddHours(-2), subjectType: "live-room", guildId: guild),
            Record(Unique("e"), key, guild, Now.AddHours(-1), subjectType: "guild"));

        Strikes(imported).ShouldBe([1, 2, 3]);
        foreach (var record in imported["records"]!.AsArray())
        {
            record!["strikeSubject"]!["type"]!.GetValue<string>().ShouldBe("guild");
            record["strikeSubject"]!["id"]!.GetValue<string>().ShouldBe(guild);
        }

        // Without roll-up the same creator counts on its own.
        var (_, plain) = await LiveRule(server, subjectType: "creator");
        var creator = Unique("creator");
        var alone = await ImportOk(op,
            Record(Unique("e"), plain, creator, Now.AddHours(-2), subjectType: "creator", guildId: guild),
            Record(Unique("e"), plain, creator, Now.AddHours(-1), subjectType: "creator", guildId: guild));
        Strikes(alone).ShouldBe([1, 2]);
        alone["records"]![1]!["strikeSubject"]!["id"]!.GetValue<string>().ShouldBe(creator);
    }

    [Fact]
    public async Task Shadow_records_are_would_be_penalties_that_never_strike()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var (ruleId, key) = await ShadowRule(server);
        var guild = Unique("guild");
        var shadow = await ImportOk(op, Record(Unique("e"), key, guild, Now.AddDays(-3)), Record(Unique("e"), key, guild, Now.AddDays(-2)));
        shadow["records"]!.AsArray().ShouldAllBe(r => r!["shadow"]!.GetValue<bool>());
        // Would-be penalties count nothing: both would have been a first strike.
        Strikes(shadow).ShouldBe([1, 1]);

        await GovernanceCalls.TransitionOk(lead, ruleId, "launch");
        var live = await ImportOk(op, Record(Unique("e"), key, guild, Now));
        live["records"]![0]!["shadow"]!.GetValue<bool>().ShouldBeFalse();
        Strikes(live).ShouldBe([1]);
    }

    [Fact]
    public async Task A_record_may_name_the_shadow_version_while_another_is_live()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var (ruleId, key) = await LiveRule(server);
        var v2 = GovernanceCalls.RuleBody(name: Unique("Rule v2"), ladder: new object[] { new { strike = 1, action = "education" } });
        await ApiCalls.Expect(await op.PutAsJsonAsync($"/api/governance/rules/{ruleId}", v2), HttpStatusCode.OK);
        await GovernanceCalls.TransitionOk(op, ruleId, "submit");
        await GovernanceCalls.TransitionOk(lead, ruleId, "approve");
        await GovernanceCalls.TransitionOk(lead, ruleId, "shadow");

        var guild = Unique("guild");
        var imported = await ImportOk(op, Record(Unique("e"), key, guild, Now.AddMinutes(-2)), Record(Unique("e"), key, guild, Now.AddMinutes(-1), ruleVersion: 2));
        imported["records"]![0]!["ruleVersion"]!.GetValue<int>().ShouldBe(1);
        imported["records"]![0]!["shadow"]!.GetValue<bool>().ShouldBeFalse();
        imported["records"]![1]!["ruleVersion"]!.GetValue<int>().ShouldBe(2);
        imported["records"]![1]!["shadow"]!.GetValue<bool>().ShouldBeTrue();
        imported["records"]![1]!["action"]!.GetValue<string>().ShouldBe("education");
        // The would-be penalty under v2 sees v1's live strike: would be strike 2.
        Strikes(imported).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Re_importing_the_same_records_returns_the_stored_strikes_and_changes_nothing()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Guild fake traffic", businessLine: "tiktok-live", category: "guild-violation")))["id"]!.GetValue<string>();
        var (ruleId, key) = await LiveRule(server, incidentId);
        var guild = Unique("guild");
        var records = new[] { Record(Unique("e"), key, guild, Now.AddDays(-2)), Record(Unique("e"), key, guild, Now.AddDays(-1)) };
        var first = await ImportOk(op, records);
        var before = await Count(server, "governance_enforcements");

        // The same records again (by rule id instead of key: the same body), plus one new one.
        var again = records.Select(r => { var copy = r.DeepClone().AsObject(); copy["ruleId"] = ruleId; return copy; }).ToList();
        again.Add(Record(Unique("e"), key, guild, Now));
        var second = await ImportOk(op, [.. again]);
        second["accepted"]!.GetValue<int>().ShouldBe(1);
        second["duplicates"]!.GetValue<int>().ShouldBe(2);
        Strikes(second).ShouldBe([1, 2, 3]);
        second["records"]!.AsArray().Select(r => r!["duplicate"]!.GetValue<bool>()).ShouldBe([true, true, false]);
        second["records"]![0]!["id"]!.GetValue<string>().ShouldBe(first["records"]![0]!["id"]!.GetValue<string>());
        (await Count(server, "governance_enforcements")).ShouldBe(before + 1);

        // One event per rule per batch that stored something, with the counts per action.
        var events = (await WorkflowCalls.Timeline(op, incidentId)).Where(e => e["type"]!.GetValue<string>() == "governance.enforcement-imported").ToList();
        events.Count.ShouldBe(2);
        events[0]["data"]!["accepted"]!.GetValue<int>().ShouldBe(2);
        events[0]["data"]!["ruleKey"]!.GetValue<string>().ShouldBe(key);
        events[0]["data"]!["actions"]!["warning"]!.GetValue<int>().ShouldBe(1);
        events[0]["data"]!["actions"]!["traffic-limit"]!.GetValue<int>().ShouldBe(1);
        events[1]["data"]!["accepted"]!.GetValue<int>().ShouldBe(1);
        events[1]["data"]!["shadow"]!.GetValue<int>().ShouldBe(0);

        var allDuplicates = await ImportOk(op, records);
        allDuplicates["accepted"]!.GetValue<int>().ShouldBe(0);
        (await WorkflowCalls.Timeline(op, incidentId)).Count(e => e["type"]!.GetValue<string>() == "governance.enforcement-imported").ShouldBe(2);
    }

    [Fact]
    public async Task A_csv_batch_is_imported_like_json_with_several_content_types()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var (guild, e1, e2) = (Unique("guild"), Unique("e"), Unique("e"));
        var csv = "externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave,automatedDetection,automatedDecision,decisionGround,dsaCategory,contentType,facts\n" +
            $"{e1},{key},guild,{guild},,{Now.AddHours(-2):O},false,true,fully,,,video|text,\"Bought 10,000 fake viewers\"\n" +
            $"{e2},{key},guild,{guild},,{Now.AddHours(-1):O},,no,not,illegal-content,STATEMENT_CATEGORY_SCAMS_AND_FRAUD,,\n";
        var response = await ImportCsv(op, csv);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        Strikes(await ApiCalls.Body(response)).ShouldBe([1, 2]);

        var stored = (await ApiCalls.GetJson(op, $"/api/governance/enforcements?subjectType=guild&subjectId={guild}"))["items"]!.AsArray();
        stored.Count.ShouldBe(2);
        var older = stored.Single(r => r!["externalId"]!.GetValue<string>() == e1)!;
        older["contentType"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO"]);
        older["facts"]!.GetValue<string>().ShouldBe("Bought 10,000 fake viewers");
        older["automatedDecision"]!.GetValue<string>().ShouldBe("fully");
        older["automatedDetection"]!.GetValue<bool>().ShouldBeTrue();
        older["dsaCategory"]!.GetValue<string>().ShouldBe("STATEMENT_CATEGORY_OTHER_VIOLATION_TC");
        var newer = stored.Single(r => r!["externalId"]!.GetValue<string>() == e2)!;
        newer["automatedDetection"]!.GetValue<bool>().ShouldBeFalse();
        newer["decisionGround"]!.GetValue<string>().ShouldBe("illegal-content");
        newer["dsaCategory"]!.GetValue<string>().ShouldBe("STATEMENT_CATEGORY_SCAMS_AND_FRAUD");
        newer["decisionVisibility"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["DECISION_VISIBILITY_CONTENT_DEMOTED"]);
    }

    [Fact]
    public async Task Ten_thousand_records_fit_in_one_batch()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var records = Enumerable.Range(0, 10_000)
            .Select(i => Record($"bulk-{key}-{i}", key, $"bulk-guild-{i % 2500}", Now.AddMinutes(-10_000 + i)))
            .ToArray();
        foreach (var r in records)
        {
            r["facts"] = "Guild bought fake viewers and gifts to climb the live ranking during the evening peak.";
        }

        var imported = await ImportOk(op, records);
        imported["accepted"]!.GetValue<int>().ShouldBe(10_000);
        // 2,500 guilds with four records each, oldest first: strikes 1 to 4 per guild.
        Strikes(imported).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()).ShouldBe(new Dictionary<int, int> { [1] = 2500, [2] = 2500, [3] = 2500, [4] = 2500 });
        Strikes(imported)[7_500..].ShouldAllBe(s => s == 4);
    }
}
