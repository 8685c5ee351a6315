using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Assessment;

public static class AssessmentEndpoints
{
    public static IServiceCollection AddAssessmentFeature(this IServiceCollection services) =>
        services.AddScoped<AssessmentStore>().AddScoped<SubmitAssessmentHandler>()
            .AddScoped<Reports.IReportSection, AssessmentReportSection>();

    public static void MapAssessment(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents/{id:guid}/assessment").WithTags("Assessment").RequireAuthorization();
        group.MapPost("/", Submit)
            .WithSummary("Assess an incident's risk: a score, a suggested severity and the reasons")
            .WithDescription("With `overrideSeverity` and `overrideReason` the incident takes that severity instead.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The severity was overridden on a closed incident.");
        group.MapGet("/", Latest)
            .WithSummary("The latest assessment of an incident")
            .ProducesProblemWhen(StatusCodes.Status404NotFound, "No such incident visible to the caller, or it was never assessed.");
    }

    private static async Task<Ok<AssessmentView>> Submit(Guid id, AssessmentInput body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new SubmitAssessment(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<AssessmentView>> Latest(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new LatestAssessment(id, http.User.Viewer()), http.RequestAborted));
}
