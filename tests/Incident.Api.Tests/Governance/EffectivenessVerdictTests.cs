using System.Net;
using Incident.Api.Tests.Infrastructure;
using static Incident.Api.Tests.Governance.EffectivenessRecords;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9 item 6: the verdict follows the data as it arrives (ADR-0014 "Verdict rules"), and only for those who see the rule.</summary>
public sealed class EffectivenessVerdictTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_verdict_moves_from_not_yet_to_meets_as_days_and_the_precision_audit_arrive()
    {
        var op = await server.SignIn("operator1");
        var launch = server.Clock.GetUtcNow();
        await SendPointsAsync(op, "gift-fraud-rate", Daily(launch.AddDays(-28), 28, day => 10 + (day % 3 * 0.2)));
        var seriesId = await SeriesIdAsync(op, "gift-fraud-rate");
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(
            name: "Gift fraud", signalSeriesId: seriesId, targets: new { violationRateChange = -0.3, minPrecision = 0.9 }));
        var ruleId = rule["id"]!.GetValue<string>();

        var atLaunch = await EffectivenessAsync(op, ruleId);
        atLaunch["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        atLaunch["meetsTargets"].ShouldBeNull();
        atLaunch["violationRate"]!["change"].ShouldBeNull();
        atLaunch["precision"]!["value"].ShouldBeNull();

        // Three days after: the drop is already clear, but under a week proves nothing (weekly cycles).
        server.Clock.Advance(TimeSpan.FromDays(3));
        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await SendPointsAsync(op, "gift-fraud-rate", Daily(launch.AddHours(1), 3, day => 6 + (day % 3 * 0.2)));
        var early = await EffectivenessAsync(op, ruleId);
        early["violationRate"]!["afterDays"]!.GetValue<int>().ShouldBe(3);
        Number(early["violationRate"]!["change"]).ShouldBeLessThan(-0.3);
        early["checks"]![0]!["status"]!.GetValue<string>().ShouldBe("not-yet");
        early["meetsTargets"].ShouldBeNull();

        server.Clock.Advance(TimeSpan.FromDays(7));
        op = await server.SignIn("operator1");

        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await SendPointsAsync(op, "gift-fraud-rate", Daily(launch.AddDays(3).AddHours(1), 7, day => 6 + (day % 3 * 0.2)));
        var noAudit = await EffectivenessAsync(op, ruleId);
        noAudit["checks"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()).ShouldBe(["met", "not-yet"]);
        noAudit["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        noAudit["meetsTargets"].ShouldBeNull("the precision target has no audit yet");

        await AuditOkAsync(op, ruleId, "precision", 50, 48);
        var met = await EffectivenessAsync(op, ruleId);
        met["checks"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()).ShouldBe(["met", "met"]);
        met["verdict"]!.GetValue<string>().ShouldBe("meets");
        met["meetsTargets"]!.GetValue<bool>().ShouldBeTrue();
        met["window"]!["complete"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_precision_wholly_under_its_minimum_regresses_and_a_complete_window_short_of_its_target_does_not_meet()
    {
        var op = await server.SignIn("operator1");
        var launch = server.Clock.GetUtcNow();
        await SendPointsAsync(op, "live-spam-rate", Daily(launch.AddDays(-28), 28, day => 10 + (day % 2 * 0.1)));
        var seriesId = await SeriesIdAsync(op, "live-spam-rate");
        var strict = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(
            name: "Live spam", signalSeriesId: seriesId, targets: new { violationRateChange = -0.5, minPrecision = 0.9 }));
        var ruleId = strict["id"]!.GetValue<string>();

        // Punishing wrongly: 30 of 50 sampled penalties were right; Wilson's upper bound 0.73 < 0.9.
        await AuditOkAsync(op, ruleId, "precision", 50, 30);
        var wrong = await EffectivenessAsync(op, ruleId);
        wrong["verdict"]!.GetValue<string>().ShouldBe("regresses");
        wrong["meetsTargets"]!.GetValue<bool>().ShouldBeFalse();
        wrong["checks"]![1]!["status"]!.GetValue<string>().ShouldBe("missed");

        // A later audit of 48/50 replaces it; the rate falls by 40 % where 50 % was asked: missed once the window is over.
        server.Clock.Advance(TimeSpan.FromDays(29));
        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await AuditOkAsync(op, ruleId, "precision", 50, 48);
        await SendPointsAsync(op, "live-spam-rate", Daily(launch.AddHours(1), 28, day => 6 + (day % 2 * 0.1)));
        var over = await EffectivenessAsync(op, ruleId);
        over["window"]!["complete"]!.GetValue<bool>().ShouldBeTrue();
        over["checks"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()).ShouldBe(["missed", "met"]);
        over["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        over["meetsTargets"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_rising_violation_rate_regresses_and_a_rule_that_never_ran_is_not_yet_known()
    {
        var op = await server.SignIn("operator1");
        var launch = server.Clock.GetUtcNow();
        await SendPointsAsync(op, "scam-rate", Daily(launch.AddDays(-28), 28, day => 5 + (day % 2 * 0.1)));
        var seriesId = await SeriesIdAsync(op, "scam-rate");
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(name: "Scam links", signalSeriesId: seriesId, targets: new { violationRateChange = -0.3 }));
        server.Clock.Advance(TimeSpan.FromDays(8));
        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await SendPointsAsync(op, "scam-rate", Daily(launch.AddHours(1), 8, day => 7 + (day % 2 * 0.1)));
        var rising = await EffectivenessAsync(op, rule["id"]!.GetValue<string>());
        Pair(rising["violationRate"]!["ci95"])[0].ShouldBeGreaterThan(0);
        rising["verdict"]!.GetValue<string>().ShouldBe("regresses");
        rising["meetsTargets"]!.GetValue<bool>().ShouldBeFalse();

        var draft = await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(name: "Not yet run"));
        var unmeasured = await EffectivenessAsync(op, draft["id"]!.GetValue<string>());
        unmeasured["versionStatus"]!.GetValue<string>().ShouldBe("draft");
        unmeasured["window"].ShouldBeNull();
        unmeasured["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        unmeasured["meetsTargets"].ShouldBeNull();
        (await op.GetAsync($"/api/governance/rules/{Guid.NewGuid()}/effectiveness")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetAsync($"/api/governance/rules/{draft["id"]}/effectiveness?version=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_version_only_in_shadow_counts_its_would_be_penalties_and_has_no_violation_change()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var id = (await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(name: "Shadow only")))["id"]!.GetValue<string>();
        await GovernanceCalls.TransitionOk(op, id, "submit");
        await GovernanceCalls.TransitionOk(lead, id, "approve");
        var shadowAt = (await GovernanceCalls.TransitionOk(lead, id, "shadow"))["shadowAt"]!.GetValue<DateTimeOffset>();
        var at = server.Clock.GetUtcNow();
        await InsertAsync(server, Guid.Parse(id), [.. Enumerable.Range(0, 4).Select(i => new FixtureRecord($"guild-s{i}", at.AddMinutes(-i), Shadow: true))]);
        await AuditOkAsync(op, id, "coverage", 10, 1, population: 40);

        var view = await EffectivenessAsync(op, id);

        view["versionStatus"]!.GetValue<string>().ShouldBe("shadow");
        view["shadowAt"]!.GetValue<DateTimeOffset>().ShouldBe(shadowAt);
        view["launchedAt"].ShouldBeNull();
        view["window"].ShouldBeNull();
        view["violationRate"]!["change"].ShouldBeNull();
        view["shadow"]!["wouldBePenalties"]!.GetValue<long>().ShouldBe(4);
        view["coverage"]!["enforced"]!.GetValue<long>().ShouldBe(4, "the audit judged the would-be penalties");
        Number(view["coverage"]!["value"]).ShouldBe(4.0 / (4 + 4), 1e-12);
        view["appealRate"]!["records"]!.GetValue<long>().ShouldBe(0);
        view["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        view["meetsTargets"].ShouldBeNull();
    }

    [Fact]
    public async Task A_partner_not_involved_in_the_rules_incident_gets_404_and_sees_it_once_involved()
    {
        var op = await server.SignIn("operator1");
        var guild = await server.SignIn("guild1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var body = GovernanceCalls.RuleBody(incidentId, name: "Review-only rule");
        body["implementingDepartments"] = GovernanceCalls.JsonSerializerNode(new[] { "review-ops" });
        var rule = await GovernanceCalls.Launched(server, body);
        var path = $"/api/governance/rules/{rule["id"]}/effectiveness";

        (await ApiCalls.Problem(await guild.GetAsync(path), HttpStatusCode.NotFound))["status"]!.GetValue<int>().ShouldBe(404);
        (await guild.GetAsync($"/api/governance/rules/{rule["key"]}/effectiveness")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await server.SignIn("review1")).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK, "review-ops implements it: involved since the launch");

        await ApiCalls.RequestHandoff(op, incidentId, "live-guild-ops");
        (await ApiCalls.GetJson(guild, path))["ruleId"]!.GetValue<string>().ShouldBe(rule["id"]!.GetValue<string>());
    }

    /// <summary>One point a day for <paramref name="count"/> days from <paramref name="from"/>.</summary>
    private static IEnumerable<(DateTimeOffset At, double Value)> Daily(DateTimeOffset from, int count, Func<int, double> value) =>
        Enumerable.Range(0, count).Select(day => (from.AddDays(day), value(day)));
}
