using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9's bad input for enforcement records: each a clear 4xx naming the problem, and nothing stored.</summary>
public sealed class EnforcementBadInputTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task Bad_fields_are_400_naming_each_record_and_field_and_the_batch_stores_nothing()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var good = Record(Unique("e"), key, Unique("guild"), Now.AddHours(-1));
        var planet = Record(Unique("e"), key, Unique("guild"), Now.AddHours(-1));
        planet["subject"]!["type"] = "planet";
        var future = Record(Unique("e"), key, Unique("guild"), Now.AddHours(1));
        var maybe = Record(Unique("e"), key, Unique("guild"), Now.AddHours(-1), automatedDecision: "maybe");
        var longFacts = Record(new string('x', 201), key, "", Now.AddHours(-1));
        longFacts["facts"] = new string('f', 5001);
        var dsa = Record(Unique("e"), key, Unique("guild"), Now.AddHours(-1));
        dsa["dsaCategory"] = "STATEMENT_CATEGORY_SPAM";
        dsa["contentType"] = new JsonArray("video", "hologram");
        dsa["territorialScope"] = new JsonArray("DE", "US");
        dsa["decisionGround"] = "rude";
        var missing = new JsonObject { ["ruleId"] = key };
        var before = await Count(server, "governance_enforcements");

        var response = await Import(op, good, planet, future, maybe, longFacts, dsa, missing);
        var errors = (await ApiCalls.Problem(response, HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(
            [
                "records[1].subject.type", "records[2].occurredAt", "records[3].automatedDecision", "records[4].externalId", "records[4].subject.id",
                "records[4].facts", "records[5].decisionGround", "records[5].dsaCategory", "records[5].contentType", "records[5].territorialScope",
                "records[6].externalId", "records[6].subject.type", "records[6].subject.id", "records[6].occurredAt", "records[6].automatedDetection",
                "records[6].automatedDecision",
            ],
            ignoreOrder: true);
        errors["records[1].subject.type"]![0]!.GetValue<string>().ShouldContain("planet");
        errors["records[2].occurredAt"]![0]!.GetValue<string>().ShouldContain("future");
        errors["records[5].contentType"]![0]!.GetValue<string>().ShouldContain("hologram");
        errors["records[5].territorialScope"]![0]!.GetValue<string>().ShouldContain("US");
        (await Count(server, "governance_enforcements")).ShouldBe(before);
    }

    [Fact]
    public async Task An_empty_batch_a_null_record_and_more_than_ten_thousand_records_are_400()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var empty = await ApiCalls.Problem(await op.PostAsJsonAsync("/api/governance/enforcements", new { records = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        empty["errors"]!["records"].ShouldNotBeNull();

        using var nullRecord = new StringContent($$"""{"records":[{{Record(Unique("e"), key, "g", Now).ToJsonString()}},null]}""", Encoding.UTF8, "application/json");
        var nulls = await ApiCalls.Problem(await op.PostAsync("/api/governance/enforcements", nullRecord), HttpStatusCode.BadRequest);
        nulls["errors"]!["records[1]"]![0]!.GetValue<string>().ShouldContain("not null");

        var tooMany = Enumerable.Range(0, 10_001).Select(i => Record($"many-{i}", key, "g", Now)).ToArray();
        var problem = await ApiCalls.Problem(await Import(op, tooMany), HttpStatusCode.BadRequest);
        problem["errors"]!["records"]![0]!.GetValue<string>().ShouldContain("10,000");

        var notJson = await ApiCalls.Problem(await op.PostAsync("/api/governance/enforcements", new StringContent("{\"records\": [", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        notJson["detail"]!.GetValue<string>().ShouldContain("JSON");
        var typo = await ApiCalls.Problem(await op.PostAsync("/api/governance/enforcements", new StringContent("""{"records":[{"externalId":"x","ocurredAt":"2026-01-01"}]}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        typo["detail"]!.GetValue<string>().ShouldContain("ocurredAt");
    }

    [Fact]
    public async Task An_unknown_rule_is_400_and_a_rule_in_draft_or_retired_is_409_rule_not_enforcing()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var unknown = await ApiCalls.Problem(await Import(op, Record(Unique("e"), "GOV-1999-000001", "g", Now)), HttpStatusCode.BadRequest);
        unknown["errors"]!["records[0].ruleId"]![0]!.GetValue<string>().ShouldContain("GOV-1999-000001");

        var draft = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(name: Unique("Draft")));
        var notEnforcing = await ApiCalls.Problem(await Import(op, Record(Unique("e"), draft["key"]!.GetValue<string>(), "g", Now)), HttpStatusCode.Conflict);
        notEnforcing["type"]!.GetValue<string>().ShouldEndWith("rule-not-enforcing");
        notEnforcing["detail"]!.GetValue<string>().ShouldContain(draft["key"]!.GetValue<string>());
        notEnforcing["detail"]!.GetValue<string>().ShouldContain("draft");

        var (retiredId, retiredKey) = await LiveRule(server);
        await GovernanceCalls.TransitionOk(lead, retiredId, "retire");
        var retired = await ApiCalls.Problem(await Import(op, Record(Unique("e"), retiredKey, "g", Now)), HttpStatusCode.Conflict);
        retired["type"]!.GetValue<string>().ShouldEndWith("rule-not-enforcing");
        retired["detail"]!.GetValue<string>().ShouldContain("retired");
        retired["current"]![0]!["status"]!.GetValue<string>().ShouldBe("retired");

        var (pausedId, pausedKey) = await LiveRule(server);
        await GovernanceCalls.TransitionOk(lead, pausedId, "pause");
        (await ApiCalls.Problem(await Import(op, Record(Unique("e"), pausedKey, "g", Now)), HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("paused");
    }

    [Fact]
    public async Task The_same_external_id_with_another_body_is_409_and_twice_in_one_batch_is_400()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var guild = Unique("guild");
        var externalId = Unique("e");
        await ImportOk(op, Record(externalId, key, guild, Now.AddHours(-2)));
        var before = await Count(server, "governance_enforcements");

        var changed = Record(externalId, key, guild, Now.AddHours(-1));
        var conflict = await ApiCalls.Problem(await Import(op, Record(Unique("e"), key, guild, Now), changed), HttpStatusCode.Conflict);
        conflict["type"]!.GetValue<string>().ShouldEndWith("duplicate-external-id");
        conflict["detail"]!.GetValue<string>().ShouldContain(externalId);
        conflict["current"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe([externalId]);
        (await Count(server, "governance_enforcements")).ShouldBe(before);

        var twice = Unique("e");
        var repeated = await ApiCalls.Problem(await Import(op, Record(twice, key, guild, Now), Record(twice, key, guild, Now)), HttpStatusCode.BadRequest);
        repeated["errors"]!["records[1].externalId"]![0]!.GetValue<string>().ShouldContain("records[0]");
    }

    [Fact]
    public async Task Subjects_the_rule_does_not_take_and_a_creator_without_guild_under_roll_up_are_400()
    {
        var op = await server.SignIn("operator1");
        var (_, guildRule) = await LiveRule(server, subjectType: "guild");
        var wrongType = await ApiCalls.Problem(await Import(op, Record(Unique("e"), guildRule, "c1", Now, subjectType: "creator")), HttpStatusCode.BadRequest);
        wrongType["errors"]!["records[0].subject.type"]![0]!.GetValue<string>().ShouldContain("takes guild");

        var (_, rollUp) = await LiveRule(server, subjectType: "guild", rollUpToGuild: true);
        var noGuild = await ApiCalls.Problem(await Import(op, Record(Unique("e"), rollUp, "c1", Now, subjectType: "live-room")), HttpStatusCode.BadRequest);
        noGuild["errors"]!["records[0].subject.guildId"]![0]!.GetValue<string>().ShouldContain("guild");
        var content = await ApiCalls.Problem(await Import(op, Record(Unique("e"), rollUp, "c1", Now, subjectType: "content")), HttpStatusCode.BadRequest);
        content["errors"]!["records[0].subject.type"].ShouldNotBeNull();

        var (ruleId, key) = await LiveRule(server);
        var badVersion = await ApiCalls.Problem(await Import(op, Record(Unique("e"), key, "g", Now, ruleVersion: 7)), HttpStatusCode.BadRequest);
        badVersion["errors"]!["records[0].ruleVersion"]![0]!.GetValue<string>().ShouldContain("version 7");
        ruleId.ShouldNotBeNull();
    }

    [Fact]
    public async Task Csv_with_wrong_or_missing_columns_is_400_naming_them_and_bad_lines_are_named_by_number()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var wrong = await ApiCalls.Problem(await ImportCsv(op, "externalId,rule,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision,colour\nx,y,guild,g,2026-11-01T00:00:00Z,true,not,red\n"), HttpStatusCode.BadRequest);
        var message = wrong["errors"]!["csv"]![0]!.GetValue<string>();
        message.ShouldContain("missing required column(s): ruleId");
        message.ShouldContain("unknown column(s): rule, colour");

        var header = "externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave,automatedDetection,automatedDecision\n";
        var csv = header +
            $"{Unique("e")},{key},guild,g1,,{Now.AddHours(-1):O},false,true,not\n" +
            $"{Unique("e")},{key},guild,g1,,{Now.AddHours(-1):O},perhaps,true,not\n" +
            $"{Unique("e")},{key},guild,g1,,yesterday,false,true,not\n" +
            $"{Unique("e")},{key},planet,g1,,{Now.AddHours(-1):O},false,true,not,extra\n";
        var before = await Count(server, "governance_enforcements");
        var lines = (await ApiCalls.Problem(await ImportCsv(op, csv), HttpStatusCode.BadRequest))["errors"]!.AsObject();
        lines["line 3"]![0]!.GetValue<string>().ShouldBe("line 3: 'grave' must be true or false (got 'perhaps').");
        lines["line 5"]![0]!.GetValue<string>().ShouldContain("more fields than the header");

        var parsed = header + $"{Unique("e")},{key},guild,g1,,yesterday,false,true,not\n" + $"{Unique("e")},{key},planet,g1,,{Now.AddHours(-1):O},false,true,not\n";
        var named = (await ApiCalls.Problem(await ImportCsv(op, parsed), HttpStatusCode.BadRequest))["errors"]!.AsObject();
        named["line 2"]![0]!.GetValue<string>().ShouldStartWith("line 2: 'occurredAt' 'yesterday'");
        named["line 3"]![0]!.GetValue<string>().ShouldStartWith("line 3: 'subjectType' 'planet'");
        (await Count(server, "governance_enforcements")).ShouldBe(before);
    }

    [Fact]
    public async Task Only_operators_leaders_and_admins_record_enforcement()
    {
        var (_, key) = await LiveRule(server);
        foreach (var partner in new[] { "review1", "guild1" })
        {
            var client = await server.SignIn(partner);
            (await Import(client, Record(Unique("e"), key, "g", Now))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        foreach (var allowed in new[] { "operator1", "lead1", "admin" })
        {
            var client = await server.SignIn(allowed);
            await ImportOk(client, Record(Unique("e"), key, Unique("guild"), Now));
        }

        (await server.Anonymous().PostAsJsonAsync("/api/governance/enforcements", new { records = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_batch_failing_on_its_last_rule_leaves_no_record_and_no_event()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var (_, live) = await LiveRule(server, incidentId);
        var draft = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(incidentId, name: Unique("Draft")));
        var before = (await Count(server, "governance_enforcements"), await Count(server, "events"));
        var records = Enumerable.Range(0, 500).Select(i => Record(Unique("e"), live, Unique("guild"), Now.AddMinutes(-i))).Append(Record(Unique("e"), draft["key"]!.GetValue<string>(), "g", Now)).ToArray();
        (await Import(op, records)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Count(server, "governance_enforcements"), await Count(server, "events")).ShouldBe(before);
    }
}
