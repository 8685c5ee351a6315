using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary>POST /api/reports/{id}/approve: leaders only (API.md "Who may do what"); the draft becomes approved.</summary>
public sealed record ApproveReport(Guid Id, Viewer Viewer) : ICommand<ReportView>;

internal sealed class ApproveReportHandler(IncidentStore incidents, ReportStore reports, TimeProvider clock)
    : IRequestHandler<ApproveReport, ReportView>
{
    public async Task<ReportView> Handle(ApproveReport request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var incidentId = await reports.IncidentOfAsync(request.Id, ct);
        var incident = incidentId is { } id ? await incidents.FindAsync(id, viewer, ct) ?? throw new NotFoundException("report", request.Id) : null;
        var report = await reports.LoadAsync(request.Id, incident?.Key, ct);
        if (!ReportVisibility.Sees(viewer, report, incident?.Departments))
        {
            throw new NotFoundException("report", request.Id);
        }

        if (!viewer.Is(Roles.Leader))
        {
            throw new ForbiddenException("Only leaders approve reports.");
        }

        report.Approve(incident, viewer.Username, clock.GetUtcNow());
        await reports.SaveAsync(report, expectedVersion: null, ct);
        if (incident is not null)
        {
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }

        return ReportView.From(report);
    }
}
