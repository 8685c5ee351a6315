using Incident.Api.Features.Governance.Appeals;
using Incident.Api.Features.Governance.Education;
using Incident.Api.Features.Governance.Effectiveness;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Gate;
using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance;

/// <summary>Registration of the governance feature (issue 9): rules, enforcement, appeals, education, effectiveness, the workflow gate.</summary>
public static class GovernanceModule
{
    public static IServiceCollection AddGovernanceFeature(this IServiceCollection services)
    {
        services.AddScoped<RuleStore>();
        services.AddScoped<RuleVisibility>();
        services.AddScoped<RuleTimeline>();
        services.AddScoped<RuleReferences>();
        services.AddEnforcement();
        services.AddAppeals();
        services.AddEducation();
        services.AddEffectiveness();
        services.AddGovernanceGate();
        return services;
    }

    public static void MapGovernance(this IEndpointRouteBuilder app)
    {
        RulesEndpoints.Map(app);
        EnforcementEndpoints.Map(app);
        AppealsEndpoints.Map(app);
        EducationEndpoints.Map(app);
        EffectivenessEndpoints.Map(app);
        GateEndpoints.Map(app);
    }
}
