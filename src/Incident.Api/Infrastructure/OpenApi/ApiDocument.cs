using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Incident.Api.Infrastructure.OpenApi;

/// <summary>Marks a POST/PUT/PATCH that takes no request body (ADR-0017: every other write documents its body).</summary>
public sealed class TakesNoBodyMetadata;

/// <summary>
/// The OpenAPI document (GET /openapi/v1.json) and the browsable reference page served from it
/// (GET /scalar, API.md "People, status updates, readable timeline"). ADR-0017.
/// </summary>
public static class ApiDocument
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "Bearer";
    private const string ProblemContentType = "application/problem+json";

    private static readonly Dictionary<int, string> ProblemMeanings = new()
    {
        [400] = "The request is invalid: problem details, with `errors` per field when fields are at fault.",
        [401] = "No bearer token, or one that is invalid or expired, or an account that changed since sign-in: sign in again.",
        [403] = "The caller can see this but its role or department may not do it.",
        [404] = "Nothing with this id, or nothing the caller may see (never a leak: the same answer either way).",
        [409] = "The request conflicts with the current state; `current` / `currentVersion` carry it when there is one.",
        [413] = "The request body is larger than this route accepts.",
        [415] = "The body's content type is not one this route accepts.",
        [422] = "Well-formed but cannot be processed as a whole; `problems` lists why when there is more than one reason.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Incident API";
                document.Info.Description =
                    "Incidents, handoffs, workflows, signals, reports and governance of the content-risk incident service. " +
                    "Sign in with `POST /api/auth/token` and send the access token as `Authorization: Bearer <token>` on every other route. " +
                    "Errors are RFC 7807 problem details (`application/problem+json`).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The `accessToken` of `POST /api/auth/token`.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (RequiresSignIn(metadata))
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }

                DescribeProblems(operation, metadata);
                DescribeTextBodies(operation);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Problem responses every API route has by its nature: 401 and 403 where a sign-in is required,
    /// 400, 413 and 415 where a body is read. Route-specific ones (404, 409, 422…) sit on the route.
    /// </summary>
    public static RouteGroupBuilder WithCommonProblems(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (RequiresSignIn(endpoint.Metadata))
            {
                AddProblem(endpoint.Metadata, StatusCodes.Status401Unauthorized);
                AddProblem(endpoint.Metadata, StatusCodes.Status403Forbidden);
            }

            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                AddProblem(endpoint.Metadata, StatusCodes.Status400BadRequest);
                AddProblem(endpoint.Metadata, StatusCodes.Status413PayloadTooLarge);
                AddProblem(endpoint.Metadata, StatusCodes.Status415UnsupportedMediaType);
            }
        });
        return group;
    }

    /// <summary>As the built-in <c>ProducesProblem</c>, with what the problem means on this route.</summary>
    public static TBuilder ProducesProblemWhen<TBuilder>(this TBuilder builder, int statusCode, string when)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, ProblemType(statusCode), [ProblemContentType]) { Description = when });

    public static RouteHandlerBuilder TakesNoBody(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new TakesNoBodyMetadata());

    public static void MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        // The page must work on networks without internet access: assets are embedded, nothing is fetched from a CDN or reported out.
        app.MapScalarApiReference(ReferencePath, o =>
            {
                o.WithTitle("Incident API reference").AddPreferredSecuritySchemes(BearerScheme).DisableAgent();
                o.DefaultFonts = false;
                o.Telemetry = false;
                o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            })
            .AllowAnonymous();
    }

    public static bool RequiresSignIn(IEnumerable<object> metadata)
    {
        var list = metadata as IList<object> ?? [.. metadata];
        return list.OfType<IAuthorizeData>().Any() && !list.OfType<IAllowAnonymous>().Any();
    }

    private static void AddProblem(IList<object> metadata, int status)
    {
        if (!metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == status))
        {
            metadata.Add(new ProducesResponseTypeMetadata(status, ProblemType(status), [ProblemContentType]));
        }
    }

    private static Type ProblemType(int status) =>
        status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);

    /// <summary>The route's own words for a problem (ProducesProblemWhen), else what the status means everywhere.</summary>
    private static void DescribeProblems(OpenApiOperation operation, IList<object> metadata)
    {
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(code, out var status) || response is not OpenApiResponse concrete)
            {
                continue;
            }

            var own = metadata.OfType<IProducesResponseTypeMetadata>().LastOrDefault(p => p.StatusCode == status && p.Description is not null);
            if (own is not null)
            {
                concrete.Description = own.Description;
            }
            else if (ProblemMeanings.TryGetValue(status, out var meaning)
                && (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrases.GetReasonPhrase(status)))
            {
                concrete.Description = meaning;
            }
        }
    }

    /// <summary>A CSV body is text with a header row, not the JSON shape the route also accepts.</summary>
    private static void DescribeTextBodies(OpenApiOperation operation)
    {
        if (operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        foreach (var (mediaType, body) in content)
        {
            if (mediaType == "text/csv")
            {
                body.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "CSV with a header row (UTF-8)." };
            }
        }
    }
}
