using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Features.Signals;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Incident.Api.Tests.Signals;

public sealed class AnomalyIncidentTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_spike_opens_one_monitoring_incident_a_second_within_the_dedupe_window_joins_it_and_one_after_opens_another()
    {
        var client = await server.SignIn("operator1");
        var points = SyntheticSeries.ThreeSpikes();

        // Points 0-449: the post-warm-up alert (~203) is in the settling period; the spike at 400 opens an incident.
        var first = await Ingest(client, "report-volume", points[..450]);
        var opened = first["anomalies"]!.AsArray().Single()!;
        opened["outcome"]!.GetValue<string>().ShouldBe("opened");
        opened["windowStart"]!.GetValue<DateTimeOffset>().ShouldBeInRange(points[400].Timestamp, points[405].Timestamp);
        opened["peakScore"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0.5);
        opened["baseline"]!.GetValue<double>().ShouldBeInRange(95, 105);
        opened["series"]!["metric"]!.GetValue<string>().ShouldBe("report-volume");
        var incidentId = opened["incident"]!["id"]!.GetValue<string>();

        var incident = await ApiCalls.GetJson(client, $"/api/incidents/{incidentId}");
        incident["source"]!.GetValue<string>().ShouldBe("monitoring");
        incident["title"]!.GetValue<string>().ShouldBe("Anomaly: report-volume of fraud-scam on douyin");
        incident["category"]!.GetValue<string>().ShouldBe("fraud-scam");
        incident["businessLine"]!.GetValue<string>().ShouldBe("douyin");
        incident["ownerDepartment"]!.GetValue<string>().ShouldBe("risk-ops");
        incident["severity"]!.GetValue<string>().ShouldBe(MonitoringIncidents.SeverityOf(opened["peakScore"]!.GetValue<double>()));
        incident["workflow"].ShouldNotBeNull("a monitoring incident starts its workflow like any other");
        var detected = (await Timeline(client, incidentId)).Where(e => e["type"]!.GetValue<string>() == "anomaly.detected").ToList();
        detected.Count.ShouldBe(1);
        detected[0]["actor"]!.GetValue<string>().ShouldBe("monitoring");
        detected[0]["data"]!["series"]!["metric"]!.GetValue<string>().ShouldBe("report-volume");
        detected[0]["data"]!["value"]!.GetValue<double>().ShouldBeGreaterThan(300);
        detected[0]["data"]!["baseline"].ShouldNotBeNull();

        // Points 450-799: the spike at 600 comes ~3 h after the first: it joins.
        var second = await Ingest(client, "report-volume", points[450..800]);
        var joined = second["anomalies"]!.AsArray().Single()!;
        joined["outcome"]!.GetValue<string>().ShouldBe("joined");
        joined["incident"]!["id"]!.GetValue<string>().ShouldBe(incidentId);
        (await Timeline(client, incidentId)).Count(e => e["type"]!.GetValue<string>() == "anomaly.detected").ShouldBe(2);
        (await MonitoringIncidentCount("report-volume")).ShouldBe(1);

        // Points 800-1099: 8 h of silence, then a spike: past the 6 h window, a new incident.
        var third = await Ingest(client, "report-volume", points[800..]);
        var another = third["anomalies"]!.AsArray().Single()!;
        another["outcome"]!.GetValue<string>().ShouldBe("opened");
        another["incident"]!["id"]!.GetValue<string>().ShouldNotBe(incidentId);
        (await MonitoringIncidentCount("report-volume")).ShouldBe(2);

        var anomalies = (await ApiCalls.GetJson(client, "/api/anomalies?status=open"))["items"]!.AsArray()
            .Where(a => a!["series"]!["metric"]!.GetValue<string>() == "report-volume").ToList();
        anomalies.Count.ShouldBe(3);
        anomalies.ShouldAllBe(a => a!["status"]!.GetValue<string>() == "open");
        (await ApiCalls.GetJson(client, "/api/anomalies?status=closed"))["items"]!.AsArray()
            .Count(a => a!["series"]!["metric"]!.GetValue<string>() == "report-volume").ShouldBe(0);
        var series = (await ApiCalls.GetJson(client, "/api/signals/series"))["items"]!.AsArray()
            .Single(s => s!["metric"]!.GetValue<string>() == "report-volume")!;
        series["pointCount"]!.GetValue<long>().ShouldBe(1100);
        series["status"]!.GetValue<string>().ShouldBe("normal");
    }

    [Fact]
    public async Task Scores_are_strictly_streaming_one_batch_of_600_equals_three_of_200()
    {
        var client = await server.SignIn("operator1");
        var points = SyntheticSeries.Build(600, [(400, 300, 3)], seed: 11);
        var whole = await Ingest(client, "appeal-count-whole", points);
        string? split = null;
        foreach (var chunk in points.Chunk(200))
        {
            split = (await Ingest(client, "appeal-count-split", chunk))["seriesId"]!.GetValue<string>();
        }

        var a = await Scores(client, whole["seriesId"]!.GetValue<string>());
        var b = await Scores(client, split!);
        a.Count.ShouldBe(600);
        b.ShouldBe(a);
        a.Max().ShouldBeGreaterThanOrEqualTo(0.5);
    }

    [Fact]
    public async Task Partners_see_only_anomalies_of_incidents_their_department_is_involved_in()
    {
        var client = await server.SignIn("operator1");
        var body = await Ingest(client, "takedown-count", SyntheticSeries.Build(450, [(400, 300, 3)], seed: 7));
        var anomaly = body["anomalies"]!.AsArray().Single()!;
        var partner = await server.SignIn("review1");
        await AnomalyIdsOf(partner).ShouldNotContainAsync(anomaly["id"]!.GetValue<string>());

        await ApiCalls.RequestHandoff(client, anomaly["incident"]!["id"]!.GetValue<string>(), "review-ops");
        await AnomalyIdsOf(partner).ShouldContainAsync(anomaly["id"]!.GetValue<string>());
        await AnomalyIdsOf(await server.SignIn("guild1")).ShouldNotContainAsync(anomaly["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retention_deletes_points_older_than_90_days_by_the_clock_and_the_job_is_scheduled()
    {
        var client = await server.SignIn("operator1");
        var old = SyntheticSeries.Build(10, []).Select(p => (p.Timestamp.AddDays(-100), p.Value)).ToList();
        var recent = SyntheticSeries.Build(10, []).Select(p => (p.Timestamp.AddDays(15), p.Value)).ToList();
        await Ingest(client, "retention", [.. old, .. recent]);

        var purged = await server.Services.GetRequiredService<SignalRetention>().PurgeAsync();
        purged.ShouldBeGreaterThanOrEqualTo(10);
        (await SyntheticSeries.PointCount(server, "retention")).ShouldBe(10);

        var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        (await scheduler.Exists(new JobKey("purge-old-signal-points"), default)).ShouldBeTrue();
        // Added by a second AddQuartz: it must join the workflow sweep's scheduler, not reset its store.
        (await scheduler.Exists(new JobKey("fire-due-timers"), default)).ShouldBeTrue();
        if (TestDatabase.ProviderUnderTest == DatabaseProvider.Postgres)
        {
            var stored = await server.Scalar<long>("select count(*) from qrtz_job_details where job_name in ('purge-old-signal-points', 'fire-due-timers')");
            stored.ShouldBe(2, "on PostgreSQL both jobs live in the scheduler's clustered store in the database");
        }
    }

    private static async Task<JsonNode> Ingest(HttpClient client, string metric, IEnumerable<(DateTimeOffset Timestamp, double Value)> points)
    {
        var response = await client.PostAsJsonAsync("/api/signals", SyntheticSeries.Json(metric, points));
        await ApiCalls.Expect(response, HttpStatusCode.Accepted);
        return await ApiCalls.Body(response);
    }

    private static async Task<List<JsonNode>> Timeline(HttpClient client, string incidentId) =>
        [.. (await ApiCalls.GetJson(client, $"/api/incidents/{incidentId}/timeline"))["items"]!.AsArray().Select(e => e!)];

    private static async Task<List<double>> Scores(HttpClient client, string seriesId) =>
        [.. (await ApiCalls.GetJson(client, $"/api/signals/series/{seriesId}/points"))["items"]!.AsArray().Select(p => p!["anomalyScore"]!.GetValue<double>())];

    private static async Task<List<string>> AnomalyIdsOf(HttpClient client) =>
        [.. (await ApiCalls.GetJson(client, "/api/anomalies?pageSize=200"))["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];

    private Task<long> MonitoringIncidentCount(string metric) => server.Scalar<long>(
        """
        select count(*)
        from incidents
        where source = 'monitoring'
            and title = @title
        """,
        new { title = $"Anomaly: {metric} of fraud-scam on douyin" });
}

internal static class TaskListAssertions
{
    public static async Task ShouldContainAsync(this Task<List<string>> items, string expected) => (await items).ShouldContain(expected);

    public static async Task ShouldNotContainAsync(this Task<List<string>> items, string expected) => (await items).ShouldNotContain(expected);
}
