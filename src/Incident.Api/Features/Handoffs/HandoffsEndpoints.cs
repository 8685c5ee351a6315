using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Handoffs;

public sealed record AcceptHandoffBody(string? Note);

public sealed record DeclineHandoffBody(string? Reason);

public static class HandoffsEndpoints
{
    public static void MapHandoffs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/handoffs").WithTags("Handoffs").RequireAuthorization();
        group.MapGet("/", List)
            .WithSummary("Handoffs addressed to the caller's department (incoming) or requested by it (outgoing)")
            .WithDescription(
                "Leaders and admins see every department's incoming handoffs. `status=accepted&incidentStatus=open` " +
                "is the department's accepted work still in progress.")
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/accept", Accept)
            .WithSummary("Accept a handoff for the department it is addressed to")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The handoff is no longer pending (answered or expired).");
        group.MapPost("/{id:guid}/decline", Decline)
            .WithSummary("Decline a handoff, with a reason")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The handoff is no longer pending (answered or expired).");
    }

    private static async Task<Ok<Paged<HandoffView>>> List(
        string? status, string? direction, string? incidentStatus, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(
            new HandoffList(status, direction, page, pageSize, http.User.Viewer()) { IncidentStatus = incidentStatus },
            http.RequestAborted));

    private static async Task<Ok<HandoffView>> Accept(Guid id, AcceptHandoffBody? body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new AcceptHandoff(id, body?.Note, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<HandoffView>> Decline(Guid id, DeclineHandoffBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new DeclineHandoff(id, body.Reason, http.User.Viewer()), http.RequestAborted));
}
