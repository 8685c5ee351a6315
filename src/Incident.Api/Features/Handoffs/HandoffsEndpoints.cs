using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
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
        group.MapGet("/", List);
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/decline", Decline);
    }

    private static async Task<Ok<Paged<HandoffView>>> List(
        string? status, string? direction, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new HandoffList(status, direction, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<HandoffView>> Accept(Guid id, AcceptHandoffBody? body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new AcceptHandoff(id, body?.Note, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<HandoffView>> Decline(Guid id, DeclineHandoffBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new DeclineHandoff(id, body.Reason, http.User.Viewer()), http.RequestAborted));
}
