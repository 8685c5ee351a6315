namespace Incident.Api.Features.Reference;

public static class ReferenceEndpoints
{
    public static void MapReference(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reference", (ReferenceData reference) => reference.View)
            .WithTags("Reference")
            .RequireAuthorization()
            .WithSummary("Reference data: business lines, categories, departments, severities, sources and roles");
}
