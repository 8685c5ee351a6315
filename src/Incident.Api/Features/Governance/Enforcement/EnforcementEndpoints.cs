namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>Routes and registrations of the governance enforcement area (docs/governance.md).</summary>
public static class EnforcementEndpoints
{
    public static IServiceCollection AddEnforcement(this IServiceCollection services) => services;

    public static void Map(IEndpointRouteBuilder app)
    {
        _ = app;
    }
}
