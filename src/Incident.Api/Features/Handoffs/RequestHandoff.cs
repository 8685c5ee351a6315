using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Handoffs;

public sealed record RequestHandoffBody(string? ToDepartment, string? Note, int? AcceptWithinMinutes);

public sealed record RequestHandoff(Guid IncidentId, RequestHandoffBody Body, Viewer Viewer) : ICommand<HandoffView>;

internal sealed class RequestHandoffValidator(ReferenceData reference) : IValidator<RequestHandoff>
{
    public const int MaxAcceptWithinMinutes = 60 * 24 * 30;

    public ValueTask ValidateAsync(RequestHandoff request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Body.ToDepartment, "toDepartment", reference.DepartmentCodes);
        errors.Text(request.Body.Note, "note", 1, 4000);
        errors.Check(
            request.Body.AcceptWithinMinutes is null or >= 1 and <= MaxAcceptWithinMinutes,
            "acceptWithinMinutes",
            $"'acceptWithinMinutes' must be between 1 and {MaxAcceptWithinMinutes}.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class RequestHandoffHandler(IncidentStore incidents, HandoffStore handoffs, TimeProvider clock)
    : IRequestHandler<RequestHandoff, HandoffView>
{
    public async Task<HandoffView> Handle(RequestHandoff request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins request handoffs.");
        }

        if (incident.Status == IncidentStatuses.Closed)
        {
            throw new ConflictException($"Incident {incident.Key} is closed.", "incident-closed", currentVersion: incident.Version);
        }

        var body = request.Body;
        if (body.ToDepartment == request.Viewer.Department)
        {
            throw ValidationFailedException.For("toDepartment", "A handoff goes to another department than your own.");
        }

        var within = body.AcceptWithinMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var handoff = Handoff.Request(incident, body.ToDepartment!, body.Note!.Trim(), within, request.Viewer, clock.GetUtcNow());
        await handoffs.InsertAsync(handoff, ct);
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return HandoffView.From(handoff);
    }
}
