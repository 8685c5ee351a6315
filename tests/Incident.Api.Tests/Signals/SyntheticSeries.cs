using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Signals;

/// <summary>A steady report-volume series (100 ± noise, one point a minute) with spikes and optional time gaps.</summary>
public static class SyntheticSeries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Spike: from point At, Width points are raised by Height. Gap: before point At, time jumps by Hours.</summary>
    public static List<(DateTimeOffset Timestamp, double Value)> Build(
        int count, IEnumerable<(int At, double Height, int Width)> spikes, IEnumerable<(int At, double Hours)>? gaps = null, int seed = 7)
    {
        var random = new Random(seed);
        var spikeList = spikes.ToList();
        var gapList = (gaps ?? []).ToList();
        var points = new List<(DateTimeOffset, double)>(count);
        var t = Start;
        for (var i = 0; i < count; i++)
        {
            t += TimeSpan.FromHours(gapList.Where(g => g.At == i).Sum(g => g.Hours));
            // Box-Muller: Gaussian noise with a standard deviation of 3.
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 3;
            var value = 100 + noise + spikeList.Where(s => i >= s.At && i < s.At + s.Width).Sum(s => s.Height);
            points.Add((t, Math.Round(value, 3)));
            t += TimeSpan.FromMinutes(1);
        }

        return points;
    }

    /// <summary>Spikes at 400 (+300), 600 (+600) and, after an 8 h gap at 850, at 900 (+1,200): three alerts past the warm-up.</summary>
    public static List<(DateTimeOffset Timestamp, double Value)> ThreeSpikes() =>
        Build(1100, [(400, 300, 3), (600, 600, 3), (900, 1200, 3)], [(850, 8)]);

    public static object Json(string metric, IEnumerable<(DateTimeOffset Timestamp, double Value)> points, string businessLine = "douyin", string category = "fraud-scam") => new
    {
        series = new { businessLine, category, metric },
        points = points.Select(p => new { timestamp = p.Timestamp, value = p.Value }).ToArray(),
    };

    public static string Csv(IEnumerable<(DateTimeOffset Timestamp, double Value)> points)
    {
        var csv = new StringBuilder("timestamp,value\n");
        foreach (var (timestamp, value) in points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{timestamp:yyyy-MM-dd HH:mm:ss},{value}\n");
        }

        return csv.ToString();
    }

    public static async Task<HttpResponseMessage> Send(HttpClient client, string metric, IEnumerable<(DateTimeOffset Timestamp, double Value)> points) =>
        await client.PostAsJsonAsync("/api/signals", Json(metric, points));

    public static async Task<long> PointCount(ApiServer server, string metric) => await server.Scalar<long>(
        """
        select count(*)
        from signal_points p
        join signal_series s on s.id = p.series_id
        where s.metric = @metric
        """,
        new { metric });
}
