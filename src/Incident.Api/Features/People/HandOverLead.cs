using Incident.Api.Features.Incidents;
using Incident.Api.Features.Users;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.People;

public sealed record HandOverLeadBody(string? Username, int? ExpectedVersion);

/// <summary>PUT /api/incidents/{id}/lead: the lead, a leader or an admin names the next lead.</summary>
public sealed record HandOverLead(Guid IncidentId, HandOverLeadBody Body, Viewer Viewer) : ICommand<IncidentView>;

internal sealed class HandOverLeadValidator : IValidator<HandOverLead>
{
    public ValueTask ValidateAsync(HandOverLead request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Body.Username?.Trim(), "username", 1, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class HandOverLeadHandler(IncidentStore incidents, UserStore users, IncidentWorkflows workflows, TimeProvider clock)
    : IRequestHandler<HandOverLead, IncidentView>
{
    public async Task<IncidentView> Handle(HandOverLead request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.IsLeaderOrAdmin && request.Viewer.Username != incident.Lead)
        {
            throw new ForbiddenException($"Only the lead of {incident.Key} ({incident.Lead}), a leader or an admin hands over the lead.");
        }

        var lead = await IncidentPeople.ResolveAsync(users, request.Body.Username!, "username", ct);
        IncidentPeople.EnsureMaySee(lead, incident, "username");
        incident.HandOverLead(lead.Username, request.Viewer.Username, clock.GetUtcNow());
        await incidents.SaveAsync(incident, request.Body.ExpectedVersion, ct);
        return await workflows.ViewAsync(incident, request.Viewer, ct);
    }
}
