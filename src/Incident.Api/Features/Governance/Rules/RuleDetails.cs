using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>GET /api/governance/rules/{id or key}: the rule with all its versions.</summary>
public sealed record RuleDetails(string IdOrKey, Viewer Viewer) : IQuery<RuleView>;

internal sealed class RuleDetailsHandler(RuleVisibility visibility) : IRequestHandler<RuleDetails, RuleView>
{
    public async Task<RuleView> Handle(RuleDetails request, CancellationToken ct)
    {
        var rule = await visibility.LoadAsync(request.IdOrKey, request.Viewer, ct);
        return RuleView.From(rule, request.Viewer, await visibility.IncidentsAsync(rule.Id, request.Viewer, ct), withVersions: true);
    }
}
