using System.Globalization;
using System.Text;
using Incident.Api.Features.Incidents;
using MediatR;
using Quartz;

namespace Incident.Api.Features.Reports;

/// <summary>
/// Produces the day's digest in its own scope and transaction. Quartz calls it at
/// Incident:Reports:DigestTime local time; tests call <see cref="ProduceAsync"/> directly with the fake clock.
/// </summary>
public sealed class DailyDigest(IServiceScopeFactory scopes)
{
    public async Task<DigestProduced> ProduceAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ProduceDailyDigest(), ct);
    }
}

/// <summary>Quartz's cron trigger for <see cref="DailyDigest"/>; idempotent per day, so a misfire re-run is harmless.</summary>
[DisallowConcurrentExecution]
public sealed class ProduceDailyDigestJob(DailyDigest digest) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await digest.ProduceAsync(cancellationToken);
}

/// <summary>The digest's template fields: window, totals, counts by severity / category / stage, and the three lists.</summary>
internal sealed class DigestMarkdown(IReadOnlyList<DigestIncident> incidents, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
{
    private const int MaxListed = 100;

    private List<DigestIncident> Opened => [.. incidents.Where(i => i.OpenedAt > from && i.OpenedAt <= to)];

    private List<DigestIncident> Closed => [.. incidents.Where(i => i.ClosedAt is { } c && c > from && c <= to)];

    private List<DigestIncident> Open => [.. incidents.Where(i => i.Status == IncidentStatuses.Open)
        .OrderBy(i => i.Severity, StringComparer.Ordinal).ThenBy(i => i.OpenedAt)];

    public Dictionary<string, string?> Values(string date) => new(StringComparer.Ordinal)
    {
        ["digest.date"] = date,
        ["digest.from"] = Local(from),
        ["digest.to"] = Local(to),
        ["digest.timeZone"] = zone.Id,
        ["digest.openedCount"] = Opened.Count.ToString(CultureInfo.InvariantCulture),
        ["digest.closedCount"] = Closed.Count.ToString(CultureInfo.InvariantCulture),
        ["digest.openCount"] = Open.Count.ToString(CultureInfo.InvariantCulture),
        ["section.counts"] = Counts(),
        ["section.opened"] = List("新增 Opened", Opened, i => Md.Time(i.OpenedAt)),
        ["section.closed"] = List("关闭 Closed", Closed, i => Md.Time(i.ClosedAt)),
        ["section.open"] = List("未关闭 Still open", Open, i => i.Stage),
    };

    private string Local(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string Counts()
    {
        var text = new StringBuilder("## 统计 Counts\n\n");
        text.Append("### 按等级 By severity\n\n").Append(CountTable("等级 Severity", i => i.Severity, Severities.All));
        text.Append("\n### 按类别 By category\n\n").Append(CountTable("类别 Category", i => i.Category, null));
        text.Append("\n### 按阶段 By stage\n\n").Append(CountTable("阶段 Stage", i => i.Stage, Stages.All));
        return text.ToString();
    }

    private string CountTable(string header, Func<DigestIncident, string> key, IReadOnlyList<string>? order)
    {
        var (opened, closed, open) = (Opened, Closed, Open);
        var values = opened.Concat(closed).Concat(open).Select(key).Distinct()
            .OrderBy(v => order is null ? 0 : IndexOrLast(order, v)).ThenBy(v => v, StringComparer.Ordinal);
        var rows = values.Select(v => new[]
        {
            v,
            opened.Count(i => key(i) == v).ToString(CultureInfo.InvariantCulture),
            closed.Count(i => key(i) == v).ToString(CultureInfo.InvariantCulture),
            open.Count(i => key(i) == v).ToString(CultureInfo.InvariantCulture),
        }).ToList();
        return rows.Count == 0 ? "_无 None._\n" : Md.Table([header, "新增 Opened", "关闭 Closed", "未关闭 Open"], rows);
    }

    private static int IndexOrLast(IReadOnlyList<string> order, string value) =>
        order.Contains(value) ? order.ToList().IndexOf(value) : int.MaxValue;

    private static string List(string heading, List<DigestIncident> items, Func<DigestIncident, string> detail)
    {
        var text = new StringBuilder($"## {heading} ({items.Count})\n\n");
        if (items.Count == 0)
        {
            return text.Append("_无 None._\n").ToString();
        }

        foreach (var i in items.Take(MaxListed))
        {
            text.Append("- **").Append(i.IncidentKey).Append("** [").Append(i.Severity).Append("] ")
                .Append(Md.Cell(i.Title)).Append(" · ").Append(i.Category).Append(" · ").Append(detail(i)).Append('\n');
        }

        if (items.Count > MaxListed)
        {
            text.Append("- … ").Append(items.Count - MaxListed).Append(" more / 另有 ").Append(items.Count - MaxListed).Append(" 条\n");
        }

        return text.ToString();
    }
}
