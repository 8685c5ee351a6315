using Incident.Api.Infrastructure.Auth;
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
        group.MapPost("/", Submit);
        group.MapGet("/", Latest);
    }

    private static async Task<Ok<AssessmentView>> Submit(Guid id, AssessmentInput body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new SubmitAssessment(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<AssessmentView>> Latest(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new LatestAssessment(id, http.User.Viewer()), http.RequestAborted));
}
