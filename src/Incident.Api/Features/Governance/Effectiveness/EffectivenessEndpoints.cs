namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>Routes and registrations of the governance effectiveness area (docs/governance.md).</summary>
public static class EffectivenessEndpoints
{
    public static IServiceCollection AddEffectiveness(this IServiceCollection services) => services;

    public static void Map(IEndpointRouteBuilder app)
    {
        _ = app;
    }
}
