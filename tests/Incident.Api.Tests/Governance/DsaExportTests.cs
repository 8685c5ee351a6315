using System.Net;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>
/// Issue 9, item 3: enforcement records as statements of reasons in the DSA Transparency Database API v2 shape
/// (transparency.dsa.ec.europa.eu API documentation: snake_case attributes, its enums, YYYY-MM-DD dates, Yes/No).
/// </summary>
public sealed class DsaExportTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly string[] Eu =
        ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];

    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task A_record_becomes_a_statement_of_reasons_field_by_field_with_defaults_from_the_rule_and_ladder()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server, change: b => b["category"] = "fraud-scam");
        var guild = Unique("guild");
        var occurredAt = new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.Zero);
        // Strike 1 is a warning (no restriction: no statement); strike 2 limits traffic for 7 days.
        var warning = Record($"W_{Guid.NewGuid():N}", key, guild, occurredAt.AddDays(-1));
        var demoted = Record($"D_{Guid.NewGuid():N}", key, guild, occurredAt, automatedDecision: "fully");
        demoted["facts"] = "Guild bought 10,000 fake viewers.";
        await ImportOk(op, warning, demoted);

        var export = await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={key}");
        export["page"]!.GetValue<int>().ShouldBe(1);
        export["pageSize"]!.GetValue<int>().ShouldBe(100);
        export["total"]!.GetValue<int>().ShouldBe(1);
        export["nextPage"].ShouldBeNull();
        var s = export["statements"]!.AsArray().Single()!.AsObject();
        s["puid"]!.GetValue<string>().ShouldBe(demoted["externalId"]!.GetValue<string>());
        Strings(s["decision_visibility"]).ShouldBe(["DECISION_VISIBILITY_CONTENT_DEMOTED"]);
        s["end_date_visibility_restriction"]!.GetValue<string>().ShouldBe("2026-11-27");
        s["decision_ground"]!.GetValue<string>().ShouldBe("DECISION_GROUND_INCOMPATIBLE_CONTENT");
        s["incompatible_content_ground"]!.GetValue<string>().ShouldContain(key);
        s["incompatible_content_explanation"]!.GetValue<string>().ShouldBe("Guild bought 10,000 fake viewers.");
        s["category"]!.GetValue<string>().ShouldBe("STATEMENT_CATEGORY_SCAMS_AND_FRAUD");
        Strings(s["content_type"]).ShouldBe(["CONTENT_TYPE_OTHER"]);
        s["content_type_other"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        Strings(s["territorial_scope"]).ShouldBe(Eu);
        s["application_date"]!.GetValue<string>().ShouldBe("2026-11-20");
        s["content_date"]!.GetValue<string>().ShouldBe("2026-11-20");
        s["decision_facts"]!.GetValue<string>().ShouldBe("Guild bought 10,000 fake viewers.");
        s["source_type"]!.GetValue<string>().ShouldBe("SOURCE_VOLUNTARY");
        s["automated_detection"]!.GetValue<string>().ShouldBe("Yes");
        s["automated_decision"]!.GetValue<string>().ShouldBe("AUTOMATED_DECISION_FULLY");
        // Only the attributes that apply: no monetary, provision or account restriction, no illegal-content grounds.
        s.Select(p => p.Key).ShouldBe(
            [
                "decision_visibility", "end_date_visibility_restriction", "decision_ground", "incompatible_content_ground",
                "incompatible_content_explanation", "content_type", "content_type_other", "category", "territorial_scope", "content_date",
                "application_date", "decision_facts", "source_type", "automated_detection", "automated_decision", "puid",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public async Task Explicit_dsa_values_in_short_or_full_form_travel_as_the_databases_enums()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var record = Record("ext:with:colons", key, Unique("guild"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), automatedDecision: "not");
        record["decisionGround"] = "illegal-content";
        record["illegalContentLegalGround"] = "Art. 6 of the Unfair Commercial Practices Directive";
        record["illegalContentExplanation"] = "Paid viewers deceive buyers about the stream's popularity.";
        record["dsaCategory"] = "consumer-information";
        record["contentType"] = new JsonArray("video", "CONTENT_TYPE_SYNTHETIC_MEDIA");
        record["decisionMonetary"] = "suspension";
        record["decisionAccount"] = "DECISION_ACCOUNT_SUSPENDED";
        record["territorialScope"] = new JsonArray("de", "FR", "NO");
        record["sourceType"] = "trusted-flagger";
        record["contentDate"] = "2026-10-30";
        record["contentLanguage"] = "de";
        record["automatedDetection"] = false;
        var imported = await ImportOk(op, record);

        var export = await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={key}");
        var s = export["statements"]!.AsArray().Single()!.AsObject();
        s.ContainsKey("decision_visibility").ShouldBeFalse();
        s["decision_monetary"]!.GetValue<string>().ShouldBe("DECISION_MONETARY_SUSPENSION");
        s["decision_account"]!.GetValue<string>().ShouldBe("DECISION_ACCOUNT_SUSPENDED");
        // The first strike is a warning without a duration: the restrictions named have no end date.
        s.ContainsKey("end_date_monetary_restriction").ShouldBeFalse();
        s["decision_ground"]!.GetValue<string>().ShouldBe("DECISION_GROUND_ILLEGAL_CONTENT");
        s["illegal_content_legal_ground"]!.GetValue<string>().ShouldBe("Art. 6 of the Unfair Commercial Practices Directive");
        s["illegal_content_explanation"]!.GetValue<string>().ShouldBe("Paid viewers deceive buyers about the stream's popularity.");
        s.ContainsKey("incompatible_content_ground").ShouldBeFalse();
        s["category"]!.GetValue<string>().ShouldBe("STATEMENT_CATEGORY_CONSUMER_INFORMATION");
        Strings(s["content_type"]).ShouldBe(["CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_VIDEO"]);
        s.ContainsKey("content_type_other").ShouldBeFalse();
        Strings(s["territorial_scope"]).ShouldBe(["DE", "FR", "NO"]);
        s["source_type"]!.GetValue<string>().ShouldBe("SOURCE_TRUSTED_FLAGGER");
        s["content_date"]!.GetValue<string>().ShouldBe("2026-10-30");
        s["content_language"]!.GetValue<string>().ShouldBe("DE");
        s["application_date"]!.GetValue<string>().ShouldBe("2026-11-01");
        s["automated_detection"]!.GetValue<string>().ShouldBe("No");
        s["automated_decision"]!.GetValue<string>().ShouldBe("AUTOMATED_DECISION_NOT_AUTOMATED");
        // "ext:with:colons" is no valid puid (letters, digits, - and _): our record id stands in.
        s["puid"]!.GetValue<string>().ShouldBe(Guid.Parse(imported["records"]![0]!["id"]!.GetValue<string>()).ToString("N"));
    }

    [Fact]
    public async Task Shadow_records_are_not_exported_and_pages_hold_100_statements()
    {
        var op = await server.SignIn("operator1");
        var (_, shadow) = await ShadowRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new[] { new { strike = 1, action = "termination" } }));
        await ImportOk(op, Record(Unique("e"), shadow, Unique("guild"), Now));
        var none = await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={shadow}");
        none["total"]!.GetValue<int>().ShouldBe(0);
        none["statements"]!.AsArray().ShouldBeEmpty();

        var (_, key) = await LiveRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new[] { new { strike = 1, action = "revenue-freeze", durationDays = 14 } }));
        var records = Enumerable.Range(0, 150).Select(i => Record(Unique("e"), key, Unique("guild"), Now.AddMinutes(-150 + i))).ToArray();
        await ImportOk(op, records);
        var first = await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={key}");
        first["total"]!.GetValue<int>().ShouldBe(150);
        first["statements"]!.AsArray().Count.ShouldBe(100);
        first["nextPage"]!.GetValue<int>().ShouldBe(2);
        first["statements"]![0]!["puid"]!.GetValue<string>().ShouldBe(records[0]["externalId"]!.GetValue<string>());
        first["statements"]![0]!["decision_monetary"]!.GetValue<string>().ShouldBe("DECISION_MONETARY_SUSPENSION");
        var second = await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={key}&page=2");
        second["statements"]!.AsArray().Count.ShouldBe(50);
        second["nextPage"].ShouldBeNull();
        second["statements"]![49]!["puid"]!.GetValue<string>().ShouldBe(records[149]["externalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_format_is_400_and_a_partner_exports_only_rules_it_may_see()
    {
        var op = await server.SignIn("operator1");
        var problem = await ApiCalls.Problem(await op.GetAsync("/api/governance/enforcements/export?format=csv"), HttpStatusCode.BadRequest);
        problem["errors"]!["format"]![0]!.GetValue<string>().ShouldContain("csv");
        (await op.GetAsync("/api/governance/enforcements/export")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var (_, key) = await LiveRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new[] { new { strike = 1, action = "termination" } }));
        await ImportOk(op, Record(Unique("e"), key, Unique("guild"), Now));
        var guild = await server.SignIn("guild1");
        (await ApiCalls.GetJson(guild, $"/api/governance/enforcements/export?format=dsa&ruleId={key}"))["total"]!.GetValue<int>().ShouldBe(0);
        (await ApiCalls.GetJson(op, $"/api/governance/enforcements/export?format=dsa&ruleId={key}"))["statements"]![0]!["decision_account"]!
            .GetValue<string>().ShouldBe("DECISION_ACCOUNT_TERMINATED");
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];
}
