using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Reports;
using static Incident.Api.Tests.Governance.EffectivenessRecords;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9 item 6: reports carry the effectiveness of the incident's rules ({{section.governance}}) and a special template for it.</summary>
public sealed class GovernanceReportTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_governance_effectiveness_special_report_tables_each_linked_rules_figures_with_their_intervals()
    {
        var op = await server.SignIn("operator1");
        var incident = await ApiCalls.Open(op, ApiCalls.NewIncident(title: "Guild fake traffic", businessLine: "tiktok-live", category: "guild-violation"));
        var incidentId = incident["id"]!.GetValue<string>();
        var launch = server.Clock.GetUtcNow();
        await SendPointsAsync(op, "report-fake-traffic", Enumerable.Range(0, 28).Select(d => (launch.AddDays(d - 28), 10 + (d % 3 * 0.3))));
        var seriesId = await SeriesIdAsync(op, "report-fake-traffic");
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(incidentId, name: "Fake traffic ladder", signalSeriesId: seriesId));
        var ruleId = rule["id"]!.GetValue<string>();
        var records = Enumerable.Range(0, 30).Select(i => new FixtureRecord($"guild-{i % 20}", launch.AddHours(i + 1), Reversed: i < 3)).ToList();
        await InsertAsync(server, Guid.Parse(ruleId), records, [.. records.Take(5).Select((r, i) => new FixtureAppeal(r, r.OccurredAt.AddHours(1), i < 3 ? "overturned" : "upheld", r.OccurredAt.AddHours(5 + i)))]);
        await GovernanceCalls.Draft(op, GovernanceCalls.RuleBody(incidentId, name: "Second thoughts"));
        server.Clock.Advance(TimeSpan.FromDays(29));
        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await SendPointsAsync(op, "report-fake-traffic", Enumerable.Range(0, 28).Select(d => (launch.AddDays(d).AddHours(1), 6 + (d % 3 * 0.3))));
        await AuditOkAsync(op, ruleId, "precision", 50, 45);
        await AuditOkAsync(op, ruleId, "coverage", 20, 1, population: 120);
        var figures = await EffectivenessAsync(op, ruleId);

        var draft = await Draft(op, incidentId, new { kind = "special", template = "governance-effectiveness" });
        var markdown = draft["markdown"]!.GetValue<string>(); await File.WriteAllTextAsync("/tmp/gov-report.md", markdown + "\n" + figures.ToJsonString());

        draft["title"]!.GetValue<string>().ShouldStartWith("治理效果专项报告 Governance effectiveness report · " + incident["key"]!.GetValue<string>());
        markdown.ShouldContain("## 治理效果 Governance effectiveness");
        markdown.ShouldContain($"### {rule["key"]} Fake traffic ladder · v1 (live)");
        markdown.ShouldContain($"结论 Verdict **{figures["verdict"]}** · 达标 Meets targets {(figures["meetsTargets"]!.GetValue<bool>() ? "是 yes" : "否 no")}");
        var vr = figures["violationRate"]!;
        markdown.ShouldContain($"| 违规率 Violation rate (前 before → 后 after) | {Num(vr["before"])} → {Num(vr["after"])} (28 / 28 天 days) | — | — | — |");
        markdown.ShouldContain($"| 违规率变化 Violation rate change | {Pct(vr["change"])} | [{Pct(vr["ci95"]![0])}, {Pct(vr["ci95"]![1])}] | ≤ -30.0% | met |");
        markdown.ShouldContain("| 精确率 Precision | 90.0% (45/50) | [78.6%, 95.7%] | ≥ 90.0% | met |");
        var coverage = figures["coverage"]!;
        markdown.ShouldContain($"| 覆盖率 Coverage | {Pct(coverage["value"])} (27 已处罚 enforced, 6 估计漏罚 est. missed) | [{Pct(coverage["ci95"]![0])}, {Pct(coverage["ci95"]![1])}] | ≥ 60.0% | met |");
        markdown.ShouldContain($"| 改判率 Overturn rate | 60.0% (3/5) | [{Pct(figures["overturnRate"]!["ci95"]![0])}, {Pct(figures["overturnRate"]!["ci95"]![1])}] | — | — |");
        markdown.ShouldContain("| 申诉率 Appeal rate | 16.7% (5/30) | — | — | — |");
        markdown.ShouldContain("| 申诉处理时长中位数 Median decision time | 6 h | — | — | — |");
        markdown.ShouldContain("| 复犯率 Recidivism | 35.0% (7/20) | — | — | — |");
        markdown.ShouldContain("Second thoughts · v1 (draft)\n\n_尚未运行 Not run yet._");
        markdown.ShouldNotContain("{{section.governance}}");

        var plain = await Draft(op, incidentId, new { kind = "special" });
        plain["markdown"]!.GetValue<string>().ShouldContain("## 治理效果 Governance effectiveness", customMessage: "the default special report has the section too");
        plain["title"]!.GetValue<string>().ShouldStartWith("专项报告 Special report");
    }

    [Fact]
    public async Task Unknown_templates_are_refused_and_an_incident_without_rules_has_no_governance_section()
    {
        var op = await server.SignIn("operator1");
        var incidentId = (await ApiCalls.Open(op))["id"]!.GetValue<string>();

        foreach (var body in new object[] { new { kind = "special", template = "nope" }, new { kind = "special", template = "../special" }, new { kind = "flash", template = "governance-effectiveness" } })
        {
            var problem = await ApiCalls.Problem(await op.PostAsJsonAsync($"/api/incidents/{incidentId}/reports", body), HttpStatusCode.BadRequest);
            problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["template"]);
        }

        var draft = await ReportCalls.DraftOk(op, incidentId, "special");
        draft["markdown"]!.GetValue<string>().ShouldNotContain("Governance effectiveness");
    }

    private static async Task<JsonNode> Draft(HttpClient client, string incidentId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/incidents/{incidentId}/reports", body);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    private static string Pct(JsonNode? share) => (share!.GetValue<double>() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Num(JsonNode? value) => value!.GetValue<double>().ToString("0.###", CultureInfo.InvariantCulture);
}
