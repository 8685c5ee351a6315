namespace Incident.Api.Features.Governance.Education;

/// <summary>Routes and registrations of the governance education area (docs/governance.md).</summary>
public static class EducationEndpoints
{
    public static IServiceCollection AddEducation(this IServiceCollection services) => services;

    public static void Map(IEndpointRouteBuilder app)
    {
        _ = app;
    }
}
