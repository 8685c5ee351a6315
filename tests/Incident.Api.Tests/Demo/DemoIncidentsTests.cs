using System.Net.Http.Json;
using System.Text.Json;
using Incident.Api.Infrastructure.Hosting;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Demo;

/// <summary>
/// Issue 10 item 10: the first start shows the product — incidents in different stages, an S1 with handoffs, a
/// monitoring incident opened by its series, a published flash report, a status update. The demo pins its minutes on
/// PinnableClock, here over the test's FakeClock, as the embedded default does over the system clock.
/// </summary>
public sealed class DemoIncidentsTests(DemoIncidentsTests.Server server) : IClassFixture<DemoIncidentsTests.Server>
{
    public sealed class Server : ApiServer
    {
        protected override IEnumerable<string> ExtraArguments => ["--Incident:DemoIncidents=true"];

        protected override TimeProvider TimeProviderFor(FakeClock clock) => new PinnableClock(clock);
    }

    [Fact]
    public async Task The_first_start_has_incidents_in_several_stages_with_handoffs_a_monitoring_incident_and_a_published_report()
    {
        var lead = await server.SignIn("lead1");
        var incidents = (await lead.GetFromJsonAsync<JsonElement>("/api/incidents"))!.GetProperty("items").EnumerateArray().ToList();

        incidents.Count.ShouldBe(4);
        incidents.Select(i => i.GetProperty("stage").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        var s1 = incidents.Single(i => i.GetProperty("severity").GetString() == "S1");
        s1.GetProperty("stage").GetString().ShouldBe("escalation");
        var handoffs = (await lead.GetFromJsonAsync<JsonElement>($"/api/incidents/{s1.GetProperty("id").GetGuid()}/handoffs"))
            .GetProperty("items").EnumerateArray().Select(h => (h.GetProperty("toDepartment").GetString(), h.GetProperty("status").GetString())).ToList();
        handoffs.ShouldContain(("review-ops", "accepted"));
        handoffs.ShouldContain(("legal", "pending"));
        var updates = await lead.GetFromJsonAsync<JsonElement>($"/api/incidents/{s1.GetProperty("id").GetGuid()}/updates");
        updates.GetProperty("items").GetArrayLength().ShouldBe(1);

        var reports = (await lead.GetFromJsonAsync<JsonElement>("/api/reports")).GetProperty("items").EnumerateArray().ToList();
        reports.ShouldContain(r => r.GetProperty("kind").GetString() == "flash" && r.GetProperty("status").GetString() == "published");

        var monitoring = incidents.Single(i => i.GetProperty("source").GetString() == "monitoring");
        var anomalies = (await lead.GetFromJsonAsync<JsonElement>("/api/anomalies")).GetProperty("items").EnumerateArray().ToList();
        anomalies.ShouldContain(a => a.GetProperty("incident").GetProperty("id").GetGuid() == monitoring.GetProperty("id").GetGuid());
        incidents.ShouldContain(i => i.GetProperty("stage").GetString() == "discovery" && i.GetProperty("source").GetString() == "feedback");

        // The review partner sees the S1 it works on, not the incidents its department is not involved in.
        var review = await server.SignIn("review1");
        var seen = (await review.GetFromJsonAsync<JsonElement>("/api/incidents")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
        seen.ShouldContain(s1.GetProperty("id").GetGuid());
    }
}
