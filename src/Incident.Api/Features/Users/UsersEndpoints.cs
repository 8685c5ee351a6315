using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Users;

public static class UsersEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPut("/{username}", Update);
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
