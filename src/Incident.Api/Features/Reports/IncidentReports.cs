using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary>GET /api/incidents/{id}/reports: the reports of a visible incident the caller may see, newest first.</summary>
public sealed record IncidentReports(Guid IncidentId, Viewer Viewer) : IQuery<ItemsOf<ReportListItem>>;

internal sealed class IncidentReportsHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<IncidentReports, ItemsOf<ReportListItem>>
{
    public async Task<ItemsOf<ReportListItem>> Handle(IncidentReports request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var reports = (await connection.QueryAsync<Report>(new CommandDefinition(
            $"""
            select {ReportVisibility.ListColumns}
            from reports r
            left join incidents i on i.id = r.incident_id
            where r.incident_id = @incidentId
            {ReportVisibility.Filter(request.Viewer)}
            order by r.created_at desc, r.id desc
            """,
            new { incidentId = request.IncidentId, viewerDepartment = request.Viewer.Department }, cancellationToken: ct))).ToList();
        await ReportAudiences.LoadAsync(session, reports, ct);
        return new ItemsOf<ReportListItem>([.. reports.Select(ReportListItem.From)]);
    }
}
