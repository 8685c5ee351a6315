namespace Incident.Api.Features.Governance.Appeals;

/// <summary>Routes and registrations of the governance appeals area (docs/governance.md).</summary>
public static class AppealsEndpoints
{
    public static IServiceCollection AddAppeals(this IServiceCollection services) => services;

    public static void Map(IEndpointRouteBuilder app)
    {
        _ = app;
    }
}
