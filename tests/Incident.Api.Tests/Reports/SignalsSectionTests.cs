using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Incident.Api.Tests.Infrastructure;
using Incident.Api.Tests.Signals;
using static Incident.Api.Tests.Reports.ReportCalls;

namespace Incident.Api.Tests.Reports;

/// <summary>Issue 5 item 5: reports carry the signal charts of the anomalies behind the incident.</summary>
public sealed partial class SignalsSectionTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_monitoring_incidents_flash_report_has_its_anomalies_and_a_chart_of_the_series_around_them()
    {
        var op = await server.SignIn("operator1");
        var points = SyntheticSeries.Build(450, [(400, 300, 3)], seed: 13);
        var ingested = await SyntheticSeries.Send(op, "report-volume", points);
        await ApiCalls.Expect(ingested, HttpStatusCode.Accepted);
        var anomaly = (await ApiCalls.Body(ingested))["anomalies"]!.AsArray().Single()!;
        var incidentId = anomaly["incident"]!["id"]!.GetValue<string>();

        var draft = await DraftOk(op, incidentId);
        var markdown = Text(draft, "markdown");
        markdown.ShouldContain("## 监测信号 Monitoring signals");
        markdown.ShouldContain("| douyin / fraud-scam / report-volume |");
        markdown.ShouldContain("| opened |");

        // The chart: 6 h before the window to 2 h after it, at most 360 points, the spike inside the shaded window.
        var svg = XDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(ChartData().Match(markdown).Groups[1].Value)));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var line = svg.Descendants(ns + "polyline").Single().Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var windowStart = anomaly["windowStart"]!.GetValue<DateTimeOffset>();
        var inRange = points.Count(p => p.Timestamp >= windowStart.AddHours(-6));
        inRange.ShouldBeGreaterThan(360);
        line.Length.ShouldBeInRange(300, 360);
        markdown.ShouldContain($"{inRange} 点 points)");
        var shaded = svg.Descendants(ns + "rect").Where(r => r.Attribute("fill")!.Value == "#f8d0d0").ToList();
        shaded.Count.ShouldBe(1, "the anomaly window is shaded");
        var xy = line.Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        var peak = xy.MinBy(p => p[1])!;
        var left = double.Parse(shaded[0].Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var width = double.Parse(shaded[0].Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        peak[0].ShouldBeInRange(left, left + width, "the highest value (smallest y) lies inside the shaded anomaly window");
        markdown.ShouldMatch("`[▁▂▃▄▅▆▇█]{20,}`");

        var html = await (await op.GetAsync($"/api/reports/{Id(draft)}/export?format=html")).Content.ReadAsStringAsync();
        html.ShouldContain("<img src=\"data:image/svg+xml;base64,");
    }

    [Fact]
    public async Task An_operators_incident_has_no_signals_section_and_foreign_data_images_are_dropped_from_the_export()
    {
        var op = await server.SignIn("operator1");
        var draft = await DraftOk(op, Id(await ApiCalls.Open(op)));
        Text(draft, "markdown").ShouldNotContain("Monitoring signals");

        var script = Convert.ToBase64String(Encoding.UTF8.GetBytes("<script>alert(1)</script>"));
        var markdown = $"![a](data:text/html;base64,{script}) ![b](javascript:alert(1)) ![c](data:image/svg+xml;base64,PHN2Zy8+\"onerror=\"x) ![d](https://example.com/c.png)";
        await ApiCalls.Expect(await op.PutAsJsonAsync($"/api/reports/{Id(draft)}", new { markdown }), HttpStatusCode.OK);
        var html = await (await op.GetAsync($"/api/reports/{Id(draft)}/export?format=html")).Content.ReadAsStringAsync();
        html.ShouldNotContain("data:text/html");
        html.ShouldNotContain("javascript:");
        html.ShouldNotContain("onerror");
        html.ShouldContain("src=\"https://example.com/c.png\"");
    }

    [GeneratedRegex(@"\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)")]
    private static partial Regex ChartData();
}
