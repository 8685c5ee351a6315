using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>POST /api/governance/rules: a new rule (or strategy) as version 1, draft; usually from an incident's governance stage.</summary>
public sealed record DraftRule(RuleBody Body, Viewer Viewer) : ICommand<RuleView>;

internal sealed class DraftRuleValidator(ReferenceData reference, RuleReferences references) : IValidator<DraftRule>
{
    public async ValueTask ValidateAsync(DraftRule request, ValidationErrors errors, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins draft governance rules.");
        }

        request.Body.Check(errors, reference);
        await references.CheckAsync(request.Body, request.Viewer, null, errors, ct);
    }
}

internal sealed class DraftRuleHandler(RuleStore rules, RuleVisibility visibility, RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<DraftRule, RuleView>
{
    public async Task<RuleView> Handle(DraftRule request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = await rules.NextKeyAsync(now.Year, ct);
        var rule = GovernanceRule.Draft(
            Guid.CreateVersion7(now), key, request.Body.ToContent(request.Viewer), request.Body.IncidentIds ?? [], request.Viewer.Username, now);
        await rules.InsertAsync(rule, ct);
        await timeline.RecordChangesAsync(rule, request.Viewer.Username, ct);
        return RuleView.From(rule, request.Viewer, await visibility.IncidentsAsync(rule.Id, request.Viewer, ct), withVersions: true);
    }
}
