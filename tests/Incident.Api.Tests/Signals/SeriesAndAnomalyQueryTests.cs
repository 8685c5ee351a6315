using System.Net;
using System.Text.Json.Nodes;
using Incident.Api.Features.Signals;
using Incident.Api.Features.Signals.Detection;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Signals;

/// <summary>GET one series, and anomalies filtered by series or incident (the signals page reads these).</summary>
public sealed class SeriesAndAnomalyQueryTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task One_series_is_read_by_id_and_is_the_same_as_in_the_list()
    {
        var client = await server.SignIn("operator1");
        var seriesId = (await Ingest(client, "one-series", SyntheticSeries.Build(20, [])))["seriesId"]!.GetValue<string>();

        var one = await ApiCalls.GetJson(client, $"/api/signals/series/{seriesId}");
        var listed = (await ApiCalls.GetJson(client, "/api/signals/series?pageSize=200"))["items"]!.AsArray()
            .Single(s => s!["id"]!.GetValue<string>() == seriesId)!;
        one.ToJsonString().ShouldBe(listed.ToJsonString());
        one["pointCount"]!.GetValue<long>().ShouldBe(20);

        var missing = await ApiCalls.Problem(await client.GetAsync($"/api/signals/series/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        missing["detail"]!.GetValue<string>().ShouldContain("series");
        await ApiCalls.Problem(await (await server.SignIn("review1")).GetAsync($"/api/signals/series/{seriesId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anomalies_are_filtered_by_series_and_by_incident_and_malformed_ids_are_named()
    {
        var client = await server.SignIn("operator1");
        var a = (await Ingest(client, "filter-a", SyntheticSeries.Build(450, [(400, 300, 3)], seed: 3)))["anomalies"]!.AsArray().Single()!;
        var b = (await Ingest(client, "filter-b", SyntheticSeries.Build(450, [(400, 300, 3)], seed: 5)))["anomalies"]!.AsArray().Single()!;
        var seriesA = a["series"]!["id"]!.GetValue<string>();
        var incidentB = b["incident"]!["id"]!.GetValue<string>();

        var bySeries = (await ApiCalls.GetJson(client, $"/api/anomalies?seriesId={seriesA}"))["items"]!.AsArray();
        bySeries.Select(x => x!["id"]!.GetValue<string>()).ShouldBe([a["id"]!.GetValue<string>()]);
        var byIncident = (await ApiCalls.GetJson(client, $"/api/anomalies?incidentId={incidentB}"))["items"]!.AsArray();
        byIncident.Select(x => x!["id"]!.GetValue<string>()).ShouldBe([b["id"]!.GetValue<string>()]);
        (await ApiCalls.GetJson(client, $"/api/anomalies?seriesId={seriesA}&incidentId={incidentB}"))["total"]!.GetValue<int>().ShouldBe(0);

        var problem = await ApiCalls.Problem(await client.GetAsync("/api/anomalies?seriesId=not-a-guid&incidentId=x"), HttpStatusCode.BadRequest);
        problem["errors"]!["seriesId"].ShouldNotBeNull();
        problem["errors"]!["incidentId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Points_before_the_first_alerting_point_are_marked_settling_and_the_series_says_from_when_it_alerts()
    {
        var client = await server.SignIn("operator1");
        var quiet = new DetectorOptions().WarmupPoints + new SignalOptions().SettlingPoints;
        var points = SyntheticSeries.Build(quiet + 50, [], seed: 9);

        var seriesId = (await Ingest(client, "settling", points[..(quiet - 10)]))["seriesId"]!.GetValue<string>();
        var early = await ApiCalls.GetJson(client, $"/api/signals/series/{seriesId}");
        early["alertsFrom"]!.ShouldBeNull();
        early["status"]!.GetValue<string>().ShouldBe("normal");
        (await Points(client, seriesId)).ShouldAllBe(p => p!["settling"]!.GetValue<bool>());

        await Ingest(client, "settling", points[(quiet - 10)..]);
        var settled = await ApiCalls.GetJson(client, $"/api/signals/series/{seriesId}");
        settled["alertsFrom"]!.GetValue<DateTimeOffset>().ShouldBe(points[quiet].Timestamp);
        var all = await Points(client, seriesId);
        all.Count.ShouldBe(quiet + 50);
        all.Take(quiet).ShouldAllBe(p => p!["settling"]!.GetValue<bool>());
        all.Skip(quiet).ShouldAllBe(p => !p!["settling"]!.GetValue<bool>());
    }

    private static async Task<List<JsonNode?>> Points(HttpClient client, string seriesId) =>
        [.. (await ApiCalls.GetJson(client, $"/api/signals/series/{seriesId}/points"))["items"]!.AsArray()];

    private static async Task<JsonNode> Ingest(HttpClient client, string metric, IEnumerable<(DateTimeOffset Timestamp, double Value)> points)
    {
        var response = await SyntheticSeries.Send(client, metric, points);
        await ApiCalls.Expect(response, HttpStatusCode.Accepted);
        return await ApiCalls.Body(response);
    }
}
