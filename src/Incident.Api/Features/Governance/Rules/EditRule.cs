using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>
/// PUT /api/governance/rules/{id}: edits the pending draft, or makes a new draft version of a rule that has been
/// approved or has run; the enforcing version keeps running until the new one launches.
/// </summary>
public sealed record EditRule(string IdOrKey, RuleBody Body, Viewer Viewer) : ICommand<RuleView>;

internal sealed class EditRuleValidator(ReferenceData reference, RuleReferences references, RuleStore rules) : IValidator<EditRule>
{
    public async ValueTask ValidateAsync(EditRule request, ValidationErrors errors, CancellationToken ct)
    {
        request.Body.Check(errors, reference);
        await references.CheckAsync(request.Body, request.Viewer, await rules.ResolveAsync(request.IdOrKey, ct), errors, ct);
    }
}

internal sealed class EditRuleHandler(RuleStore rules, RuleVisibility visibility, RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<EditRule, RuleView>
{
    public async Task<RuleView> Handle(EditRule request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var rule = await visibility.LoadAsync(request.IdOrKey, viewer, ct);
        if (!viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins edit governance rules.");
        }

        if (request.Body.ExpectedVersion is { } expected && expected != rule.RowVersion)
        {
            throw new ConflictException(
                $"Rule {rule.Key} was changed by someone else; it is now at revision {rule.RowVersion}. Reload and retry.",
                "stale-version",
                RuleView.From(rule, viewer, await visibility.IncidentsAsync(rule.Id, viewer, ct), withVersions: false),
                rule.RowVersion);
        }

        rule.Edit(request.Body.ToContent(viewer), request.Body.IncidentIds ?? [], viewer.Username, clock.GetUtcNow());
        await rules.SaveAsync(rule, ct);
        await timeline.RecordChangesAsync(rule, viewer.Username, ct);
        return RuleView.From(rule, viewer, await visibility.IncidentsAsync(rule.Id, viewer, ct), withVersions: true);
    }
}
