using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reference;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

public sealed record PublishReportBody(string[]? Audience);

/// <summary>
/// POST /api/reports/{id}/publish: an approved report goes to its audience. Each audience department
/// becomes involved in the incident, and report.published is on the timeline, in one transaction,
/// so the after-commit push reaches exactly those departments. A flash report also completes the
/// workflow's open publish-flash-report task (ADR-0010).
/// </summary>
public sealed record PublishReport(Guid Id, PublishReportBody Body, Viewer Viewer) : ICommand<ReportView>;

internal sealed class PublishReportValidator(ReferenceData reference) : IValidator<PublishReport>
{
    public ValueTask ValidateAsync(PublishReport request, ValidationErrors errors, CancellationToken ct)
    {
        var audience = request.Body.Audience;
        errors.Check(audience is { Length: > 0 }, "audience", "'audience' names at least one department.");
        for (var i = 0; i < (audience?.Length ?? 0); i++)
        {
            errors.OneOf(audience![i], $"audience[{i}]", reference.DepartmentCodes);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class PublishReportHandler(
    IncidentStore incidents, ReportStore reports, IncidentWorkflows workflows, FlashReportTask flashTask, TimeProvider clock)
    : IRequestHandler<PublishReport, ReportView>
{
    public async Task<ReportView> Handle(PublishReport request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var incidentId = await reports.IncidentOfAsync(request.Id, ct);
        var incident = incidentId is { } id ? await incidents.FindAsync(id, viewer, ct) ?? throw new NotFoundException("report", request.Id) : null;
        var report = await reports.LoadAsync(request.Id, incident?.Key, ct);
        if (!ReportVisibility.Sees(viewer, report, incident?.Departments))
        {
            throw new NotFoundException("report", request.Id);
        }

        if (!viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins publish reports.");
        }

        report.Publish(incident, request.Body.Audience!, viewer.Username, clock.GetUtcNow());
        await reports.SaveAsync(report, expectedVersion: null, ct);
        if (incident is not null)
        {
            var run = report.Kind == ReportKinds.Flash ? await flashTask.CompleteAsync(incident, report, viewer.Username, ct) : null;
            await workflows.SaveAsync(run, incident, newIncident: false, ct);
        }

        return ReportView.From(report);
    }
}
