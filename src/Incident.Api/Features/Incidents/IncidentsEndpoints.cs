using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Incident.Api.Features.Incidents;

public static class IncidentsEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization();
        group.MapPost("/", Open)
            .WithSummary("Open an incident")
            .WithDescription(
                "Starts the workflow its business line, category and severity select. With an `Idempotency-Key` header " +
                "(1–200 printable ASCII characters, kept 24 h per caller) the same key and body return the first result " +
                "(`Idempotent-Replayed: true`), never a second incident.")
            .ProducesProblemWhen(StatusCodes.Status422UnprocessableEntity, "The `Idempotency-Key` was already used with another body.");
        group.MapGet("/", List)
            .WithSummary("List and search incidents")
            .WithDescription(
                "Filters combine; `q` searches key, title and summary; `assignedTo` and `lead` take a username or `me`. " +
                "Partners see only incidents their department is involved in.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", Details)
            .WithSummary("Get an incident")
            .WithDescription("With its workflow and the actions available to the caller.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:guid}", Edit)
            .WithSummary("Edit an incident's title, summary, classification or tags")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "`expectedVersion` is stale, or the incident is closed.");
        group.MapGet("/{id:guid}/timeline", TimelineOf)
            .WithSummary("An incident's timeline (its audit log), oldest first")
            .WithDescription("`after` returns only events after that sequence number, to catch up.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/handoffs", HandoffsOf)
            .WithSummary("Every handoff of an incident")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/handoffs", RequestHandoffOn)
            .WithSummary("Ask another department to take on work for an incident")
            .WithDescription("`acceptWithinMinutes` sets the deadline; an unanswered handoff expires and escalates.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The incident is closed.");
    }

    private static async Task<Created<IncidentView>> Open(
        OpenIncidentBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, IMediator mediator)
    {
        // Issue 11: two headers would bind as one key joined by a comma; which one the caller meant is unknowable.
        if (http.Request.Headers["Idempotency-Key"].Count > 1)
        {
            throw ValidationFailedException.For(
                "Idempotency-Key", $"Send one Idempotency-Key header, not {http.Request.Headers["Idempotency-Key"].Count}.");
        }

        var opened = await mediator.Send(new OpenIncident(body, http.User.Viewer(), idempotencyKey), http.RequestAborted);
        if (opened.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Created($"/api/incidents/{opened.Incident.Id}", opened.Incident);
    }

    private static async Task<Ok<Paged<IncidentView>>> List(
        string? stage, string? severity, string? category, string? businessLine, string? status, string? q,
        int? page, int? pageSize, string? assignedTo, string? lead, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(
            new ListIncidents(stage, severity, category, businessLine, status, q, page, pageSize, http.User.Viewer())
            {
                AssignedTo = assignedTo,
                Lead = lead,
            },
            http.RequestAborted));

    private static async Task<Ok<IncidentView>> Details(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentDetails(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<IncidentView>> Edit(Guid id, EditIncidentBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new EditIncident(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ItemsOf<TimelineEvent>>> TimelineOf(Guid id, long? after, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentTimeline(id, after, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ItemsOf<HandoffView>>> HandoffsOf(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentHandoffs(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Created<HandoffView>> RequestHandoffOn(
        Guid id, RequestHandoffBody body, HttpContext http, IMediator mediator)
    {
        var handoff = await mediator.Send(new RequestHandoff(id, body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/handoffs/{handoff.Id}", handoff);
    }
}
