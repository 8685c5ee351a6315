using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Auth;

public static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/token", Token)
            .WithTags("Auth")
            .AllowAnonymous()
            .RequireRateLimiting(Infrastructure.Security.RateLimits.SignInPolicy)
            .WithSummary("Sign in: exchange a username and password for a bearer token")
            .WithDescription("The `accessToken` goes into `Authorization: Bearer <token>` on every other route (and `?access_token=` on the hub); it lasts `expiresIn` seconds.")
            .ProducesProblemWhen(StatusCodes.Status401Unauthorized, "Unknown user, wrong password, or a disabled account.")
            .ProducesProblemWhen(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts from this address (Retry-After says when to try again).");

    private static async Task<Results<Ok<IssuedToken>, ProblemHttpResult>> Token(IssueTokenBody body, HttpContext http, IMediator mediator) =>
        await mediator.Send(new IssueToken(body), http.RequestAborted) is { } issued
            ? TypedResults.Ok(issued)
            : TypedResults.Problem(
                statusCode: 401,
                title: "Bad credentials.",
                detail: "Unknown user, wrong password, or a disabled account.",
                type: Infrastructure.Errors.ProblemDetailsExceptionHandler.TypeBase + "bad-credentials");
}
