using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Reports;

/// <summary>PUT /api/reports/{id}: the whole body; the title only when given.</summary>
public sealed record EditReportBody(string? Title, string? Markdown, int? ExpectedVersion);

public sealed record EditReport(Guid Id, EditReportBody Body, Viewer Viewer) : ICommand<ReportView>;

internal sealed class EditReportValidator(IOptions<InputLimits> limits) : IValidator<EditReport>
{
    public ValueTask ValidateAsync(EditReport request, ValidationErrors errors, CancellationToken ct)
    {
        if (request.Body.Title is not null)
        {
            errors.Text(request.Body.Title, "title", 1, ReportComposer.MaxTitle);
        }

        errors.Check(request.Body.Markdown is not null, "markdown", "'markdown' is required.");
        var max = limits.Value.MaxReportMarkdownChars;
        if (request.Body.Markdown is { } markdown && markdown.Length > max)
        {
            // Issue 11: a 400 naming the field and Incident:InputLimits:MaxReportMarkdownChars.
            throw new InputLimitExceededException(
                nameof(InputLimits.MaxReportMarkdownChars), max,
                $"'markdown' must be at most {InputLimits.Count(max)} characters (got {InputLimits.Count(markdown.Length)}).",
                field: "markdown");
        }

        if (request.Body.Markdown is { } text && ReportDocument.Problem(text) is { } problem)
        {
            errors.Add("markdown", problem);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class EditReportHandler(IncidentStore incidents, ReportStore reports, TimeProvider clock)
    : IRequestHandler<EditReport, ReportView>
{
    public async Task<ReportView> Handle(EditReport request, CancellationToken ct)
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
            throw new ForbiddenException("Only operators, leaders and admins edit reports.");
        }

        reports.EnsureVersion(report, request.Body.ExpectedVersion);
        report.Edit(request.Body.Title, request.Body.Markdown!, clock.GetUtcNow());
        await reports.SaveAsync(report, request.Body.ExpectedVersion, ct);
        return ReportView.From(report);
    }
}
