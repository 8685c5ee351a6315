using System.Globalization;
using System.Text;
using Dapper;
using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Signals;

/// <summary>
/// A report's <c>{{section.signals}}</c>: the anomalies that opened or joined the incident, and for each
/// of their series a chart of the values around them. The chart is an SVG image inside the Markdown
/// (a data: URI, which the HTML export's Content-Security-Policy admits for images only; an SVG shown
/// as an image runs no script) with a line of block characters after it for plain-text readers.
/// </summary>
internal sealed class SignalsReportSection(DbSession session) : IReportSection
{
    private const int MaxAnomalies = 10;
    private const int MaxCharts = 3;
    private const int MaxChartPoints = 360;
    private const int MaxReadPoints = 20_000;
    private static readonly TimeSpan Before = TimeSpan.FromHours(6);
    private static readonly TimeSpan After = TimeSpan.FromHours(2);

    public string Name => "signals";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var anomalies = (await connection.QueryAsync<AnomalyLine>(new CommandDefinition(
            $"""
            select a.series_id as SeriesId, s.business_line as BusinessLine, s.category as Category, s.metric as Metric,
                a.window_start as WindowStart, a.window_end as WindowEnd, a.peak_value as PeakValue, a.peak_score as PeakScore,
                a.baseline as Baseline, a.outcome as Outcome
            from anomalies a
            join signal_series s on s.id = a.series_id
            where a.incident_id = @incidentId
            order by a.window_start, a.id
            {session.Dialect.Page}
            """,
            new { incidentId = context.Incident.Id, skip = 0, take = MaxAnomalies }, session.Transaction, cancellationToken: ct))).ToList();
        if (anomalies.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("## 监测信号 Monitoring signals\n\n");
        text.Append(Md.Table(
            ["序列 Series", "窗口 Window", "峰值 Peak", "基线 Baseline", "异常分 Score", "结果 Outcome"],
            anomalies.Select(a => new[]
            {
                $"{a.BusinessLine} / {a.Category} / {a.Metric}",
                $"{Md.Time(a.WindowStart)} – {Md.Time(a.WindowEnd)}",
                Number(a.PeakValue),
                a.Baseline is { } b ? Number(b) : "—",
                a.PeakScore.ToString("0.00", CultureInfo.InvariantCulture),
                a.Outcome,
            })));

        foreach (var series in anomalies.GroupBy(a => a.SeriesId).Take(MaxCharts))
        {
            var windows = series.ToList();
            var from = windows.Min(a => a.WindowStart) - Before;
            var to = windows.Max(a => a.WindowEnd) + After;
            var points = (await connection.QueryAsync<(DateTimeOffset ObservedAt, double Value)>(new CommandDefinition(
                $"""
                select p.observed_at, p.value
                from signal_points p
                where p.series_id = @seriesId
                    and p.observed_at >= @from
                    and p.observed_at <= @to
                order by p.observed_at
                {session.Dialect.Page}
                """,
                new { seriesId = series.Key, from = from.ToUniversalTime(), to = to.ToUniversalTime(), skip = 0, take = MaxReadPoints },
                session.Transaction, cancellationToken: ct))).ToList();
            var count = points.Count;
            points = Downsample(points, MaxChartPoints);
            if (points.Count < 2)
            {
                continue;
            }

            var first = windows[0];
            var title = $"{first.BusinessLine} / {first.Category} / {first.Metric}";
            var svg = SignalChartSvg.Render(points, [.. windows.Select(w => (w.WindowStart, w.WindowEnd))], first.Baseline);
            text.Append('\n')
                .Append(CultureInfo.InvariantCulture, $"**{Md.Cell(title)}** ({Md.Time(points[0].ObservedAt)} – {Md.Time(points[^1].ObservedAt)}, {count} 点 points)\n\n")
                .Append(CultureInfo.InvariantCulture, $"![{Md.Cell(title)}](data:image/svg+xml;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))})\n\n")
                .Append('`').Append(SignalChartSvg.Sparkline(points.Select(p => p.Value).ToList(), 60)).Append("`\n");
        }

        return text.ToString();
    }

    /// <summary>At most <paramref name="max"/> points: the lowest and the highest of each stretch, in time order, so spikes and drops stay.</summary>
    private static List<(DateTimeOffset ObservedAt, double Value)> Downsample(List<(DateTimeOffset ObservedAt, double Value)> points, int max)
    {
        if (points.Count <= max)
        {
            return points;
        }

        var buckets = max / 2;
        var kept = new List<(DateTimeOffset, double)>(max);
        for (var i = 0; i < buckets; i++)
        {
            var stretch = points.GetRange(i * points.Count / buckets, ((i + 1) * points.Count / buckets) - (i * points.Count / buckets));
            var low = stretch.MinBy(p => p.Value);
            var high = stretch.MaxBy(p => p.Value);
            kept.AddRange(low.ObservedAt <= high.ObservedAt ? [low, high] : [high, low]);
        }

        return kept;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class AnomalyLine
    {
        public Guid SeriesId { get; init; }

        public string BusinessLine { get; init; } = "";

        public string Category { get; init; } = "";

        public string Metric { get; init; } = "";

        public DateTimeOffset WindowStart { get; init; }

        public DateTimeOffset WindowEnd { get; init; }

        public double PeakValue { get; init; }

        public double PeakScore { get; init; }

        public double? Baseline { get; init; }

        public string Outcome { get; init; } = "";
    }
}
