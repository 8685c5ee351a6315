using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Features.Governance.Gate;
using Incident.Api.Features.Workflows;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Workflows;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 7: the workflow's governance stage completes by itself once the incident's rules meet their targets.</summary>
public sealed class GovernanceGateTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_governance_stage_completes_by_itself_when_the_launched_rule_meets_its_targets()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var incidentId = await AtGovernanceAsync(op, "Guild fake traffic on Douyin");
        var metric = $"fake-traffic-{Guid.NewGuid():N}";
        var launchAt = server.Clock.GetUtcNow();
        var seriesId = await IngestAsync(op, metric, launchAt.AddDays(-28), launchAt, 10.0);
        var body = GovernanceCalls.RuleBody(incidentId, signalSeriesId: seriesId, targets: new { violationRateChange = -0.3, minPrecision = 0.9 });
        body["businessLine"] = "douyin";
        var rule = await GovernanceCalls.Launched(server, body);
        var ruleId = rule["id"]!.GetValue<string>();

        // Launched after the gate opened: Iterate (measuring restarts at the launch), and the stage stays.
        await Evaluate(incidentId);
        var governance = await ApiCalls.GetJson(op, $"/api/incidents/{incidentId}/governance");
        governance["gate"]!["waiting"]!.GetValue<bool>().ShouldBeTrue();
        governance["verdict"]!.GetValue<string>().ShouldBe("not-yet");
        (await ApiCalls.GetJson(op, $"/api/incidents/{incidentId}"))["stage"]!.GetValue<string>().ShouldBe("governance");

        // Two weeks later the violation rate is down 40 % and a QA audit finds 48 of 50 penalties right.
        server.Clock.Advance(TimeSpan.FromDays(14));
        (op, lead) = (await server.SignIn("operator1"), await server.SignIn("lead1"));
        await IngestAsync(op, metric, launchAt, server.Clock.GetUtcNow(), 6.0);
        var audit = await op.PostAsJsonAsync("/api/governance/audits", new
        {
            ruleId,
            kind = "precision",
            items = Enumerable.Range(1, 50).Select(i => new { @ref = $"rec-{i}", violating = i > 2 }),
        });
        await ApiCalls.Expect(audit, HttpStatusCode.Created);

        await Eventually.True(() => Stage(op, incidentId) == "closure", "the gate to signal Effective after the audit", TimeSpan.FromSeconds(20));
        var measured = await ApiCalls.GetJson(op, $"/api/incidents/{incidentId}/governance");
        measured["verdict"]!.GetValue<string>().ShouldBe("meets");
        measured["gate"]!["waiting"]!.GetValue<bool>().ShouldBeFalse();
        var figures = measured["rules"]![0]!["effectiveness"]!;
        figures["violationRate"]!["change"]!.GetValue<double>().ShouldBe(-0.4, 0.02);
        figures["precision"]!["value"]!.GetValue<double>().ShouldBe(0.96, 1e-9);
        var timeline = await WorkflowCalls.Timeline(op, incidentId);
        timeline.Where(e => e["type"]!.GetValue<string>() == "governance.effect-measured").Select(e => e["data"]!["gateOutcome"]?.GetValue<string>())
            .ShouldContain("Effective");
        (await ApiCalls.GetJson(lead, "/api/board"))["columns"]!.AsArray()
            .SelectMany(c => c!["incidents"]!.AsArray()).Single(c => c!["id"]!.GetValue<string>() == incidentId)!["governance"]!.GetValue<string>()
            .ShouldBe("meets");

        // The closing review carries the figures.
        await WorkflowCalls.ActOk(op, incidentId, "close-review", new { reviewSummary = "Fake traffic down 40 %." });
        var closing = (await WorkflowCalls.Timeline(op, incidentId)).Last(e => e["type"]!.GetValue<string>() == "governance.effect-measured");
        closing["data"]!["closing"]!.GetValue<bool>().ShouldBeTrue();
        closing["data"]!["rules"]![0]!["precision"]!.GetValue<double>().ShouldBe(0.96, 1e-9);
    }

    [Fact]
    public async Task An_incident_cannot_close_while_one_of_its_rules_runs_in_shadow()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var incidentId = await AtGovernanceAsync(op, "Gift looping in guild rooms");
        var id = (await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(incidentId, name: "Gift looping")))["id"]!.GetValue<string>();
        await GovernanceCalls.TransitionOk(op, id, "submit");
        await GovernanceCalls.TransitionOk(lead, id, "approve");
        await GovernanceCalls.TransitionOk(lead, id, "shadow");

        // The 30-day window passes without the rule going live: escalated, revision asked, closed anyway.
        server.Clock.Advance(TimeSpan.FromDays(31));
        await server.Services.GetRequiredService<DueTimers>().FireAsync(CancellationToken.None);
        (op, lead) = (await server.SignIn("operator1"), await server.SignIn("lead1"));
        await WorkflowCalls.ActOk(op, incidentId, "revise-governance", new { outcome = "CloseAnyway", note = "Partner teams own it now." });
        var refused = await WorkflowCalls.Act(op, incidentId, "close-review", new { reviewSummary = "Done" });
        (await ApiCalls.Problem(refused, HttpStatusCode.Conflict))["type"]!.GetValue<string>().ShouldEndWith("governance-in-shadow");
        (await ApiCalls.GetJson(op, $"/api/incidents/{incidentId}"))["status"]!.GetValue<string>().ShouldBe("open");

        await GovernanceCalls.TransitionOk(lead, id, "launch");
        (await WorkflowCalls.ActOk(op, incidentId, "close-review", new { reviewSummary = "Done" }))["status"]!.GetValue<string>().ShouldBe("closed");
    }

    private async Task Evaluate(string incidentId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EvaluateGovernanceGate(Guid.Parse(incidentId)));
    }

    private static string? Stage(HttpClient client, string incidentId) =>
        ApiCalls.GetJson(client, $"/api/incidents/{incidentId}").GetAwaiter().GetResult()["stage"]?.GetValue<string>();

    /// <summary>An S3 Douyin guild incident triaged and assessed: S3 skips escalation, so it waits at the governance gate.</summary>
    private static async Task<string> AtGovernanceAsync(HttpClient op, string title)
    {
        var id = (await ApiCalls.Open(op, ApiCalls.NewIncident(title: title, category: "guild-violation", severity: "S3")))["id"]!.GetValue<string>();
        await WorkflowCalls.ActOk(op, id, "triage", new { outcome = "Confirmed", severity = "S3" });
        var assessed = await WorkflowCalls.ActOk(op, id, "assess", new { affectedContent = 10, exposure = 1000, spreadPerHour = 1, severity = "S3" });
        assessed["stage"]!.GetValue<string>().ShouldBe("governance");
        return id;
    }

    /// <summary>Hourly points in [from, to) around <paramref name="level"/> (a fixed ±5 % wave); returns the series id.</summary>
    private static async Task<string> IngestAsync(HttpClient op, string metric, DateTimeOffset from, DateTimeOffset to, double level)
    {
        var points = new JsonArray();
        for (var at = from; at < to; at = at.AddHours(1))
        {
            var value = level * (1 + (0.05 * Math.Sin(at.Hour / 24.0 * 2 * Math.PI)));
            points.Add(new JsonObject { ["timestamp"] = at.ToString("O", CultureInfo.InvariantCulture), ["value"] = value });
        }

        var response = await op.PostAsJsonAsync("/api/signals", new JsonObject
        {
            ["series"] = new JsonObject { ["businessLine"] = "douyin", ["category"] = "guild-violation", ["metric"] = metric },
            ["points"] = points,
        });
        await ApiCalls.Expect(response, HttpStatusCode.Accepted);
        return (await ApiCalls.Body(response))["seriesId"]!.GetValue<string>();
    }
}
