using Dapper;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary>GET /api/reports/{id}: a report the caller may see (ReportVisibility), else 404.</summary>
public sealed record ReportDetails(Guid Id, Viewer Viewer) : IQuery<ReportView>;

internal sealed class ReportDetailsHandler(DbSession session) : IRequestHandler<ReportDetails, ReportView>
{
    public Task<ReportView> Handle(ReportDetails request, CancellationToken ct) => ReadAsync(session, request.Id, request.Viewer, ct);

    /// <summary>Shared with the export: the same visibility, one read.</summary>
    public static async Task<ReportView> ReadAsync(DbSession session, Guid id, Viewer viewer, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var report = await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(
            $"""
            select {ReportVisibility.ListColumns}, r.markdown as Markdown
            from reports r
            left join incidents i on i.id = r.incident_id
            where r.id = @id
            {ReportVisibility.Filter(viewer)}
            """,
            new { id, viewerDepartment = viewer.Department }, session.Transaction, cancellationToken: ct))
            ?? throw new NotFoundException("report", id);
        var audience = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select department
            from report_audiences
            where report_id = @id
            order by department
            """,
            new { id }, session.Transaction, cancellationToken: ct));
        report.LoadAudience(audience);
        return ReportView.From(report);
    }
}
