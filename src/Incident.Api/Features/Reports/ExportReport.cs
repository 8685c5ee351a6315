using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Reports;

/// <summary>GET /api/reports/{id}/export?format=md|html (default md).</summary>
public sealed record ExportReport(Guid Id, string? Format, Viewer Viewer) : IQuery<ExportedReport>;

public sealed record ExportedReport(string FileName, string ContentType, string Content);

internal sealed class ExportReportValidator : IValidator<ExportReport>
{
    public static readonly IReadOnlyList<string> Formats = ["md", "html"];

    public ValueTask ValidateAsync(ExportReport request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Format, "format", Formats, required: false);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ExportReportHandler(DbSession session) : IRequestHandler<ExportReport, ExportedReport>
{
    public async Task<ExportedReport> Handle(ExportReport request, CancellationToken ct)
    {
        var report = await ReportDetailsHandler.ReadAsync(session, request.Id, request.Viewer, ct);
        var name = (report.IncidentKey is { } key ? $"{key}-{report.Kind}" : $"{report.Kind}-{report.DigestDate}") + ".";
        return request.Format == "html"
            ? new ExportedReport(name + "html", "text/html; charset=utf-8", ReportDocument.ToHtml(report))
            : new ExportedReport(name + "md", "text/markdown; charset=utf-8", report.Markdown);
    }
}
