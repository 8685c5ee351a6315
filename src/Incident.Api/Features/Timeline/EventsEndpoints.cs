using Incident.Api.Features.Handoffs;
using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Timeline;

public static class EventsEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", Since)
            .WithTags("Events")
            .RequireAuthorization()
            .WithSummary("Events the caller may see, after a sequence number")
            .WithDescription("The catch-up for the live hub `/hubs/incidents` after a reconnect: events in `seq` order.")
            .ProducesValidationProblem();

    private static async Task<Ok<ItemsOf<TimelineEvent>>> Since(long? after, int? limit, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new EventsSince(after, limit, http.User.Viewer()), http.RequestAborted));
}
