using System.Text;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary>GET /api/reports?kind=&amp;status=&amp;page=&amp;pageSize=: newest first, only what the caller may see.</summary>
public sealed record ListReports(string? Kind, string? Status, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<ReportListItem>>;

internal sealed class ListReportsValidator : IValidator<ListReports>
{
    public ValueTask ValidateAsync(ListReports request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Kind, "kind", ReportKinds.All, required: false);
        errors.OneOf(request.Status, "status", ReportStatuses.All, required: false);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListReportsHandler(DbSession session) : IRequestHandler<ListReports, Paged<ReportListItem>>
{
    public async Task<Paged<ReportListItem>> Handle(ListReports request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var where = new StringBuilder("where 1 = 1");
        if (request.Kind is not null) where.Append("\n    and r.kind = @kind");
        if (request.Status is not null) where.Append("\n    and r.status = @status");
        where.Append('\n').Append(ReportVisibility.Filter(request.Viewer));
        var parameters = new
        {
            kind = request.Kind,
            status = request.Status,
            viewerDepartment = request.Viewer.Department,
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from reports r
            {where}
            """,
            parameters, cancellationToken: ct));
        var reports = (await connection.QueryAsync<Report>(new CommandDefinition(
            $"""
            select {ReportVisibility.ListColumns}
            from reports r
            left join incidents i on i.id = r.incident_id
            {where}
            order by r.created_at desc, r.id desc
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct))).ToList();
        await ReportAudiences.LoadAsync(session, reports, ct);
        return new Paged<ReportListItem>([.. reports.Select(ReportListItem.From)], total, page, pageSize);
    }
}

/// <summary>Audiences of a page of reports in one round trip per 200 (far below every provider's parameter limit).</summary>
internal static class ReportAudiences
{
    public static async Task LoadAsync(DbSession session, IReadOnlyList<Report> reports, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var pairs = new List<(Guid ReportId, string Department)>();
        foreach (var chunk in reports.Select(r => r.Id).Chunk(200))
        {
            pairs.AddRange(await connection.QueryAsync<(Guid ReportId, string Department)>(new CommandDefinition(
                $"""
                select report_id, department
                from report_audiences
                where {session.Dialect.InList("report_id", "@ids")}
                order by department
                """,
                new { ids = chunk }, session.Transaction, cancellationToken: ct)));
        }

        var byReport = pairs.ToLookup(p => p.ReportId, p => p.Department);
        foreach (var report in reports)
        {
            report.LoadAudience(byReport[report.Id]);
        }
    }
}
