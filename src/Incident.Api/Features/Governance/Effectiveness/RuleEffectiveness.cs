using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>GET /api/governance/rules/{id}/effectiveness?version=: one version's figures, checks and verdict (visible rules only).</summary>
public sealed record RuleEffectiveness(string IdOrKey, int? Version, Viewer Viewer) : IQuery<RuleEffectivenessView>;

internal sealed class RuleEffectivenessValidator : IValidator<RuleEffectiveness>
{
    public ValueTask ValidateAsync(RuleEffectiveness request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.Version is null or >= 1, "version", "'version' starts at 1.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class RuleEffectivenessHandler(RuleVisibility visibility, EffectivenessMeasure measure) : IRequestHandler<RuleEffectiveness, RuleEffectivenessView>
{
    public async Task<RuleEffectivenessView> Handle(RuleEffectiveness request, CancellationToken ct)
    {
        var rule = await visibility.LoadAsync(request.IdOrKey, request.Viewer, ct);
        if (request.Version is { } version && rule.Versions.All(v => v.Version != version))
        {
            throw new NotFoundException($"version of rule {rule.Key}", version);
        }

        return await measure.MeasureAsync(rule, request.Version, ct);
    }
}
