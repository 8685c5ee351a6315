using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Reports;

/// <summary>What a section of a drafted report is about: the incident (loaded and locked by the command), the kind, the time.</summary>
public sealed record ReportContext(RiskIncident Incident, string Kind, DateTimeOffset Now);

/// <summary>
/// One optional block of a drafted report, filled into the template's <c>{{section.&lt;Name&gt;}}</c> line.
/// Features add theirs by registering an implementation (e.g. Samples: "clusters", Assessment:
/// "assessment"); null or blank leaves the line out. Reads go through the command's
/// <see cref="DbSession"/> (pass its transaction: SQLite insists).
/// </summary>
public interface IReportSection
{
    string Name { get; }

    Task<string?> RenderAsync(ReportContext context, CancellationToken ct);
}

/// <summary>Markdown building blocks shared by sections and the digest.</summary>
public static class Md
{
    /// <summary>A value inside a table cell: no line breaks, no column separators.</summary>
    public static string Cell(string? text) =>
        string.IsNullOrEmpty(text) ? "—" : text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Table(string[] headers, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }

        return text.ToString();
    }
}

/// <summary>The incident's facts as a two-column table.</summary>
internal sealed class IncidentSection : IReportSection
{
    public string Name => "incident";

    public Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var i = context.Incident;
        var rows = new[]
        {
            new[] { "编号 Key", i.Key },
            ["标题 Title", i.Title],
            ["等级 Severity", i.Severity],
            ["类别 Category", i.Category],
            ["业务线 Business line", i.BusinessLine],
            ["阶段 Stage", i.Stage],
            ["状态 Status", i.Status],
            ["负责部门 Owner", i.OwnerDepartment],
            ["涉及部门 Departments", string.Join(", ", i.Departments)],
            ["升级级别 Escalation level", i.EscalationLevel.ToString(CultureInfo.InvariantCulture)],
            ["发现时间 Opened", Md.Time(i.OpenedAt)],
            ["更新时间 Updated", Md.Time(i.UpdatedAt)],
        };
        return Task.FromResult<string?>("## 事件信息 Incident\n\n" + Md.Table(["项目 Field", "内容 Value"], rows));
    }
}

/// <summary>The most recent timeline events, oldest first, as a bullet list.</summary>
internal sealed class TimelineSection(DbSession session) : IReportSection
{
    private const int Recent = 20;

    // Keys of event data worth a few words in a report, in the order they are tried.
    private static readonly string[] DetailKeys = ["to", "toDepartment", "action", "reason", "title", "message", "resolution"];

    public string Name => "timeline";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var events = (await connection.QueryAsync<EventLine>(new CommandDefinition(
            $"""
            select e.seq as Seq, e.type as Type, e.actor as Actor, e.occurred_at as OccurredAt, e.data as Data
            from events e
            where e.incident_id = @incidentId
            order by e.seq desc
            {session.Dialect.Page}
            """,
            new { incidentId = context.Incident.Id, skip = 0, take = Recent }, session.Transaction, cancellationToken: ct))).ToList();
        var text = new StringBuilder($"## 时间线 Timeline (最近 {Recent} 条 latest {Recent})\n\n");
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            text.Append("- ").Append(Md.Time(e.OccurredAt)).Append(" · `").Append(e.Type).Append("` · ").Append(e.Actor);
            if (Detail(e.Data) is { } detail)
            {
                text.Append(" — ").Append(Md.Cell(detail));
            }

            text.Append('\n');
        }

        return events.Count == 0 ? null : text.ToString();
    }

    private static string? Detail(string json)
    {
        using var data = JsonDocument.Parse(json);
        if (data.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var key in DetailKeys)
        {
            if (data.RootElement.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                var text = value.ToString();
                return text.Length > 200 ? text[..200] + "…" : text;
            }
        }

        return null;
    }

    private sealed class EventLine
    {
        public long Seq { get; init; }

        public string Type { get; init; } = "";

        public string Actor { get; init; } = "";

        public DateTimeOffset OccurredAt { get; init; }

        public string Data { get; init; } = "{}";
    }
}

/// <summary>Every handoff of the incident as a table.</summary>
internal sealed class HandoffsSection(DbSession session) : IReportSection
{
    public string Name => "handoffs";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var handoffs = await connection.QueryAsync<HandoffLine>(
            new CommandDefinition(
                """
                select h.to_department as ToDepartment, h.status as Status, h.requested_at as RequestedAt, h.due_at as DueAt,
                    h.responded_at as RespondedAt, h.responded_by as RespondedBy
                from handoffs h
                where h.incident_id = @incidentId
                order by h.requested_at, h.id
                """,
                new { incidentId = context.Incident.Id }, session.Transaction, cancellationToken: ct));
        var rows = handoffs
            .Select(h => new[] { h.ToDepartment, h.Status, Md.Time(h.RequestedAt), Md.Time(h.DueAt), Md.Time(h.RespondedAt), h.RespondedBy ?? "—" })
            .ToList();
        return "## 协同 Handoffs\n\n" + (rows.Count == 0
            ? "_暂无协同 No handoffs yet._\n"
            : Md.Table(["接收部门 To", "状态 Status", "发起 Requested", "时限 Due", "响应 Responded", "响应人 By"], rows));
    }

    private sealed class HandoffLine
    {
        public string ToDepartment { get; init; } = "";

        public string Status { get; init; } = "";

        public DateTimeOffset RequestedAt { get; init; }

        public DateTimeOffset? DueAt { get; init; }

        public DateTimeOffset? RespondedAt { get; init; }

        public string? RespondedBy { get; init; }
    }
}
