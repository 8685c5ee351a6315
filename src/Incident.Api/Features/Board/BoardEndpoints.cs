using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Board;

public static class BoardEndpoints
{
    public static void MapBoard(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/board", Get)
            .WithTags("Board")
            .RequireAuthorization()
            .WithSummary("The escalation board: open incidents by stage, with SLA and counts")
            .WithDescription("For operators, leaders and admins; partners get 403.");

    private static async Task<Ok<BoardView>> Get(HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new BoardQuery(http.User.Viewer()), http.RequestAborted));
}
