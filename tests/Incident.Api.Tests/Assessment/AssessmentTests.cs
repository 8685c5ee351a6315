using System.Net;
using System.Net.Http.Json;
using Incident.Api.Features.Assessment;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Assessment;

public sealed class AssessmentTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public void The_model_explains_every_point_of_the_score()
    {
        var quiet = RiskModel.Assess(new AssessmentInput(3, 100, 0, null, false, null, null), 0.4, "Low-quality surge");
        var burning = RiskModel.Assess(new AssessmentInput(500_000, 50_000_000, 20_000, null, true, null, null), 1.0, "Minor safety");
        quiet.SuggestedSeverity.ShouldBe("S4");
        burning.SuggestedSeverity.ShouldBe("S1");
        burning.RiskScore.ShouldBeGreaterThan(quiet.RiskScore);
        burning.Explanation.Select(f => f.Factor).ShouldBe(["impact", "spread", "sensitivity", "audience"]);
        burning.Explanation.Sum(f => f.Contribution).ShouldBe(burning.RiskScore, 0.2);
        burning.Explanation.Sum(f => f.Weight).ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public async Task An_assessment_is_scored_stored_and_put_on_the_timeline()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op, ApiCalls.NewIncident(category: "minor-safety", severity: "S3")))["id"]!.GetValue<string>();
        var response = await op.PostAsJsonAsync($"/api/incidents/{id}/assessment",
            new { affectedContent = 20_000, exposure = 3_000_000, spreadPerHour = 800, minorsInvolved = true });
        var body = await ApiCalls.Body(response);
        body["riskScore"]!.GetValue<double>().ShouldBeInRange(0, 100);
        body["suggestedSeverity"]!.GetValue<string>().ShouldBeOneOf("S1", "S2");
        body["explanation"]!.AsArray().Count.ShouldBe(4);
        body["severity"]!.GetValue<string>().ShouldBe("S3");

        var latest = await ApiCalls.GetJson(op, $"/api/incidents/{id}/assessment");
        latest["id"]!.GetValue<string>().ShouldBe(body["id"]!.GetValue<string>());
        var types = (await ApiCalls.GetJson(op, $"/api/incidents/{id}/timeline"))["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());
        types.ShouldContain("assessment.recorded");
    }

    [Fact]
    public async Task Overriding_the_severity_needs_a_reason_and_records_it()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S3")))["id"]!.GetValue<string>();
        var problem = await ApiCalls.Problem(
            await op.PostAsJsonAsync($"/api/incidents/{id}/assessment", new { affectedContent = 1, exposure = 1, spreadPerHour = 0, overrideSeverity = "S1" }),
            HttpStatusCode.BadRequest);
        problem["errors"]!["overrideReason"].ShouldNotBeNull();

        var ok = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/incidents/{id}/assessment",
            new { affectedContent = 1, exposure = 1, spreadPerHour = 0, overrideSeverity = "S1", overrideReason = "监管机构关注 (regulator asked)" }));
        ok["severity"]!.GetValue<string>().ShouldBe("S1");
        ok["suggestedSeverity"]!.GetValue<string>().ShouldBe("S4");
        var incident = await ApiCalls.GetJson(op, $"/api/incidents/{id}");
        incident["severity"]!.GetValue<string>().ShouldBe("S1");
        var overridden = (await ApiCalls.GetJson(op, $"/api/incidents/{id}/timeline"))["items"]!.AsArray()
            .Single(e => e!["type"]!.GetValue<string>() == "incident.severity-overridden")!;
        overridden["data"]!["reason"]!.GetValue<string>().ShouldBe("监管机构关注 (regulator asked)");
        overridden["data"]!["suggested"]!.GetValue<string>().ShouldBe("S4");
    }

    [Theory]
    [InlineData("""{"exposure":1,"spreadPerHour":0}""", "affectedContent")]
    [InlineData("""{"affectedContent":-1,"exposure":1,"spreadPerHour":0}""", "affectedContent")]
    [InlineData("""{"affectedContent":1,"exposure":1,"spreadPerHour":0,"sensitivity":2}""", "sensitivity")]
    [InlineData("""{"affectedContent":1,"exposure":1,"spreadPerHour":0,"overrideSeverity":"S9","overrideReason":"x"}""", "overrideSeverity")]
    public async Task Bad_assessment_input_is_400_naming_the_field(string json, string field)
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var problem = await ApiCalls.Problem(await op.PostAsync($"/api/incidents/{id}/assessment", content), HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
        await ApiCalls.Problem(await op.GetAsync($"/api/incidents/{id}/assessment"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_workflow_assess_action_records_an_assessment_and_applies_the_chosen_severity()
    {
        var op = await server.SignIn("operator1");
        var incident = await ApiCalls.Open(op, ApiCalls.NewIncident(severity: "S3"));
        var id = incident["id"]!.GetValue<string>();
        (await op.PostAsJsonAsync($"/api/incidents/{id}/actions", new { action = "triage", input = new { outcome = "Confirmed", severity = "S3" } })).EnsureSuccessStatusCode();
        var assessed = await op.PostAsJsonAsync($"/api/incidents/{id}/actions",
            new { action = "assess", input = new { affectedContent = 1000, exposure = 200_000, spreadPerHour = 50, severity = "S2" } });
        var after = await ApiCalls.Body(assessed);
        after["severity"]!.GetValue<string>().ShouldBe("S2");
        var latest = await ApiCalls.GetJson(op, $"/api/incidents/{id}/assessment");
        latest["riskScore"]!.GetValue<double>().ShouldBeGreaterThan(0);
        var types = (await ApiCalls.GetJson(op, $"/api/incidents/{id}/timeline"))["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.ShouldContain("assessment.recorded");
        types.ShouldContain("incident.severity-overridden");
    }

    [Fact]
    public async Task An_assessment_report_carries_the_latest_assessment_and_the_content_clusters()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var assessed = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/incidents/{id}/assessment",
            new { affectedContent = 4_000, exposure = 900_000, spreadPerHour = 120 }));
        var texts = Samples.LabelledTexts.Generate(60, topics: 3, seed: 9);
        (await op.PostAsJsonAsync($"/api/incidents/{id}/samples", texts.Select((t, i) => new { externalId = $"r{i}", text = t.Text }).ToArray())).EnsureSuccessStatusCode();
        (await op.PostAsJsonAsync($"/api/incidents/{id}/clusters", new { clusters = 3 })).EnsureSuccessStatusCode();

        var report = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/incidents/{id}/reports", new { kind = "assessment" }));
        var markdown = report["markdown"]!.GetValue<string>();
        markdown.ShouldContain("Risk assessment");
        markdown.ShouldContain($"**{assessed["riskScore"]!.GetValue<double>().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}**");
        markdown.ShouldContain("60 samples in 3 clusters");
    }
}
