using System.Globalization;
using System.Net;
using System.Text;
using Incident.Api.Features.Governance.Appeals;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9, item 4: appeals filed per rule are the hourly series appeals-&lt;rule key&gt;, so a spike raises an anomaly.</summary>
public sealed class AppealSignalTests(ApiServer server) : IClassFixture<ApiServer>
{
    /// <summary>The detector warms up on 200 points and the service lets 100 more settle (ADR-0011): 340 hours of history.</summary>
    private const int Hours = 340;

    private const int SpikeFrom = 330;

    [Fact]
    public async Task A_spike_of_appeals_after_a_steady_baseline_opens_an_anomaly_on_the_rules_appeal_series()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var now = server.Clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-Hours);
        // The series starts at the hour of the rule's first appeal; then 0, 1, 2 appeals an hour (zero-count hours are points
        // too), 10 an hour for three hours, and the baseline again.
        var counts = Enumerable.Range(0, Hours).Select(h => h == 0 ? 1 : h is >= SpikeFrom and < SpikeFrom + 3 ? 10 : h % 3).ToArray();
        var records = Enumerable.Range(0, counts.Sum()).Select(i => Record($"sig-{key}-{i}", key, $"sig-guild-{i}", start.AddHours(-1))).ToArray();
        await ImportOk(op, records);
        var csv = new StringBuilder("enforcementExternalId,statement,filedAt\n");
        var next = 0;
        for (var h = 0; h < Hours; h++)
        {
            for (var k = 0; k < counts[h]; k++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"sig-{key}-{next++},Not us,{start.AddHours(h).AddMinutes(5 + k):O}\n");
            }
        }

        using (var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))
        {
            await ApiCalls.Expect(await op.PostAsync("/api/governance/appeals", content), HttpStatusCode.Created);
        }

        var feed = server.Services.GetRequiredService<AppealSignalFeed>();
        var fed = (await feed.FeedAsync()).Single(f => f.Metric == $"appeals-{key}");
        fed.Points.ShouldBe(Hours);
        fed.Anomalies.ShouldBe(1);

        var series = await ApiCalls.GetJson(op, $"/api/signals/series/{fed.SeriesId}");
        series["businessLine"]!.GetValue<string>().ShouldBe("tiktok-live");
        series["category"]!.GetValue<string>().ShouldBe("guild-violation");
        series["pointCount"]!.GetValue<long>().ShouldBe(Hours);
        var points = (await ApiCalls.GetJson(op, $"/api/signals/series/{fed.SeriesId}/points"))["items"]!.AsArray();
        points.Select(p => p!["value"]!.GetValue<double>()).ShouldBe(counts.Select(c => (double)c));
        points[0]!["timestamp"]!.GetValue<DateTimeOffset>().ShouldBe(start);
        var anomaly = (await ApiCalls.GetJson(op, $"/api/anomalies?seriesId={fed.SeriesId}"))["items"]!.AsArray().Single()!;
        anomaly["series"]!["metric"]!.GetValue<string>().ShouldBe($"appeals-{key}");
        anomaly["windowStart"]!.GetValue<DateTimeOffset>().ShouldBeInRange(start.AddHours(SpikeFrom), start.AddHours(SpikeFrom + 6));
        anomaly["incident"]!["key"]!.GetValue<string>().ShouldStartWith("INC-");

        // Every hour is sent once: a second run sends nothing until another hour is complete (a zero-count hour too).
        (await feed.FeedAsync()).ShouldNotContain(f => f.Metric == $"appeals-{key}");
        server.Clock.Advance(TimeSpan.FromHours(1));
        var oneMore = (await feed.FeedAsync()).Single(f => f.Metric == $"appeals-{key}");
        oneMore.Points.ShouldBe(1);
        oneMore.SeriesId.ShouldBe(fed.SeriesId);
    }
}
