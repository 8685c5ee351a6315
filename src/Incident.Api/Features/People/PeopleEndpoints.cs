using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.People;

/// <summary>Issue 10 item 1: the incident's lead and the assignees of its tasks.</summary>
public static class PeopleEndpoints
{
    public static IServiceCollection AddPeopleFeature(this IServiceCollection services) =>
        services.AddScoped<TaskAssigneeStore>();

    public static void MapPeople(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/incidents").WithTags("People").RequireAuthorization();
        incidents.MapPut("/{id:guid}/lead", HandOver)
            .WithSummary("Hand the incident's lead to another user")
            .WithDescription("By the lead, a leader or an admin. The new lead must be an enabled user who may see the incident.")
            .ProducesProblemWhen(StatusCodes.Status400BadRequest, "`username` is unknown, disabled, or may not see the incident.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "`expectedVersion` is stale, or the incident is closed.");
        incidents.MapGet("/{id:guid}/tasks", TasksOf)
            .WithSummary("The incident's open workflow tasks with their assignees")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapPost("/{id:guid}/tasks/{taskId:guid}/assignees", Assign)
            .WithSummary("Assign a person to an open task")
            .WithDescription("By operators, leaders, admins or the lead; the assignee must be able to see the incident and take the task.")
            .ProducesProblemWhen(StatusCodes.Status400BadRequest, "`username` is unknown, disabled, or may not see the incident or take the task.")
            .ProducesProblemWhen(StatusCodes.Status404NotFound, "The incident is not visible, or the task is not open.");
        incidents.MapDelete("/{id:guid}/tasks/{taskId:guid}/assignees/{username}", Unassign)
            .WithSummary("Remove a person from an open task")
            .ProducesProblemWhen(StatusCodes.Status404NotFound, "The incident is not visible, or the task is not open.");

        app.MapGroup("/api/tasks").WithTags("People").RequireAuthorization()
            .MapGet("/", Assigned)
            .WithSummary("Open tasks assigned to a person (`assignee=me` by default)")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<IncidentView>> HandOver(Guid id, HandOverLeadBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new HandOverLead(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ItemsOf<IncidentTaskView>>> TasksOf(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentTasks(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<IncidentTaskView>> Assign(Guid id, Guid taskId, AssignTaskBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new AssignTask(id, taskId, body.Username, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<IncidentTaskView>> Unassign(Guid id, Guid taskId, string username, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new UnassignTask(id, taskId, username, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ItemsOf<AssignedTaskView>>> Assigned(string? assignee, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new AssignedTasks(assignee, http.User.Viewer()), http.RequestAborted));
}
