using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary><c>template</c> picks a variant of the kind's template (e.g. special + "governance-effectiveness"); default the kind's own.</summary>
public sealed record DraftReportBody(string? Kind, string? Template = null);

/// <summary>POST /api/incidents/{id}/reports: a draft filled from the kind's template and the incident.</summary>
public sealed record DraftReport(Guid IncidentId, DraftReportBody Body, Viewer Viewer) : ICommand<ReportView>;

internal sealed class DraftReportValidator(ReportTemplates templates) : IValidator<DraftReport>
{
    public ValueTask ValidateAsync(DraftReport request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Body.Kind, "kind", ReportKinds.Drafted);
        if (request.Body is { Template: { } template, Kind: { } kind } && ReportKinds.Drafted.Contains(kind))
        {
            errors.Check(templates.HasVariant(kind, template), "template", $"No template '{template}' for {kind} reports.");
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class DraftReportHandler(IncidentStore incidents, ReportStore reports, ReportComposer composer, TimeProvider clock)
    : IRequestHandler<DraftReport, ReportView>
{
    public async Task<ReportView> Handle(DraftReport request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var incident = await incidents.LoadAsync(request.IncidentId, viewer, ct);
        if (!viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins draft reports.");
        }

        var now = clock.GetUtcNow();
        var kind = request.Body.Kind!;
        var (title, markdown) = await composer.ComposeAsync(incident, kind, request.Body.Template, viewer, now, ct);
        var report = Report.Draft(incident, kind, title, markdown, viewer.Username, now);
        await reports.InsertAsync(report, ct);
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return ReportView.From(report);
    }
}
