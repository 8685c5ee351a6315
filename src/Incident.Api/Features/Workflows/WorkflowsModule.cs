namespace Incident.Api.Features.Workflows;

/// <summary>Registration of the workflow feature: engine, definition store, host, timers, endpoints.</summary>
public static class WorkflowsModule
{
    public static IServiceCollection AddWorkflowsFeature(this IServiceCollection services) => services;

    public static void MapWorkflows(this IEndpointRouteBuilder app)
    {
    }
}
