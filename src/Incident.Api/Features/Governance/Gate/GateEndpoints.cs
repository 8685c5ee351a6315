using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>The incident side of governance: its rules and verdict, the workflow gate and its triggers.</summary>
public static class GateEndpoints
{
    public static IServiceCollection AddGovernanceGate(this IServiceCollection services)
    {
        services.AddScoped<GateRules>();
        services.AddScoped<GovernanceClosing>();
        services.AddSingleton<GovernanceGateTriggers>();
        services.AddHostedService(p => p.GetRequiredService<GovernanceGateTriggers>());
        services.ConfigureAllQuartzSchedulers(q =>
        {
            var job = new JobKey("evaluate-governance-gates");
            q.AddJob<EvaluateGovernanceGatesJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity("evaluate-governance-gates-every-minute")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
        });
        return services;
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/incidents/{id:guid}/governance", Governance)
            .WithTags("Governance")
            .WithSummary("The incident's governance rules, their effectiveness and its workflow gate")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Ok<IncidentGovernanceView>> Governance(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentGovernance(id, http.User.Viewer()), http.RequestAborted));
}
