using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Reports;

public static class ReportsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var ofIncident = app.MapGroup("/api/incidents/{id:guid}/reports").WithTags("Reports").RequireAuthorization();
        ofIncident.MapPost("/", Draft)
            .WithSummary("Draft a report (flash, assessment or special) filled from the incident")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ofIncident.MapGet("/", OfIncident)
            .WithSummary("An incident's reports")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization();
        reports.MapGet("/", List)
            .WithSummary("List reports, including the scheduled daily digests")
            .ProducesValidationProblem();
        reports.MapGet("/{id:guid}", Details)
            .WithSummary("Get a report with its Markdown and audience")
            .ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapPut("/{id:guid}", Edit)
            .WithSummary("Edit a draft report's title and Markdown")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The report is no longer a draft, or `expectedVersion` is stale; `current` is the report now.");
        reports.MapPost("/{id:guid}/approve", Approve)
            .WithSummary("Approve a draft report (leaders)")
            .TakesNoBody()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The report is not a draft; `current` is the report now.");
        reports.MapPost("/{id:guid}/publish", Publish)
            .WithSummary("Publish an approved report to departments")
            .WithDescription("Each audience department becomes involved in the incident, so it can read the incident and the report.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The report is still a draft (a leader approves it first) or already published; `current` is the report now.");
        reports.MapGet("/{id:guid}/export", Export)
            .WithSummary("Export a report as a Markdown or HTML document")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<ReportView>> Draft(Guid id, DraftReportBody body, HttpContext http, IMediator mediator)
    {
        var report = await mediator.Send(new DraftReport(id, body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/reports/{report.Id}", report);
    }

    private static async Task<Ok<ItemsOf<ReportListItem>>> OfIncident(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentReports(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<Paged<ReportListItem>>> List(
        string? kind, string? status, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ListReports(kind, status, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ReportView>> Details(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ReportDetails(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ReportView>> Edit(Guid id, EditReportBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new EditReport(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ReportView>> Approve(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ApproveReport(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ReportView>> Publish(Guid id, PublishReportBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new PublishReport(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<ContentHttpResult> Export(Guid id, string? format, HttpContext http, IMediator mediator)
    {
        var exported = await mediator.Send(new ExportReport(id, format, http.User.Viewer()), http.RequestAborted);
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{exported.FileName}\"";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (format == "html")
        {
            http.Response.Headers.ContentSecurityPolicy = ReportDocument.ContentSecurityPolicy;
        }

        return TypedResults.Text(exported.Content, exported.ContentType);
    }
}
