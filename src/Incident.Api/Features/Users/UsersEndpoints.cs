using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Users;

public static class UsersEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();
        group.MapGet("/", List)
            .WithSummary("List users (admins)")
            .ProducesValidationProblem();
        group.MapPost("/", Create)
            .WithSummary("Create a user (admins)")
            .WithDescription("Passwords are stored hashed and need 10 characters at least.")
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "A user with this username already exists.");
        group.MapPut("/{username}", Update)
            .WithSummary("Change a user's name, password, roles, department or disabled flag (admins)")
            .WithDescription("The user's tokens stop working at once when roles, department or the disabled flag change.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The user was changed by someone else meanwhile.");
    }

    private static async Task<Ok<Paged<UserView>>> List(int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ListUsers(page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Created<UserView>> Create(CreateUserBody body, HttpContext http, IMediator mediator)
    {
        var user = await mediator.Send(new CreateUser(body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/users/{user.Username}", user);
    }

    private static async Task<Ok<UserView>> Update(
        string username, UpdateUserBody body, HttpContext http, IMediator mediator, AccountStatus status)
    {
        var updated = await mediator.Send(new UpdateUser(username, body, http.User.Viewer()), http.RequestAborted);

        // After the commit: a check in between must not cache the old account again.
        status.Forget(updated.Username);
        return TypedResults.Ok(updated);
    }
}
