using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.StatusUpdates;

public sealed record PostStatusUpdateBody(string? Status, string? Impact, int? NextUpdateInMinutes);

/// <summary>POST /api/incidents/{id}/updates: event incident.status-update to the involved departments and watchers.</summary>
public sealed record PostStatusUpdate(Guid IncidentId, PostStatusUpdateBody Body, Viewer Viewer) : ICommand<StatusUpdateView>;

internal sealed class PostStatusUpdateValidator : IValidator<PostStatusUpdate>
{
    public const int MaxNextUpdateInMinutes = 60 * 24 * 7;

    public ValueTask ValidateAsync(PostStatusUpdate request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Body.Status, "status", UpdateStatuses.All);
        errors.Text(request.Body.Impact?.Trim(), "impact", 1, 4000);
        errors.Check(
            request.Body.NextUpdateInMinutes is null or >= 1 and <= MaxNextUpdateInMinutes,
            "nextUpdateInMinutes",
            $"'nextUpdateInMinutes' must be between 1 and {MaxNextUpdateInMinutes}.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class PostStatusUpdateHandler(IncidentStore incidents, StatusUpdateStore updates, StatusUpdateRules rules, TimeProvider clock)
    : IRequestHandler<PostStatusUpdate, StatusUpdateView>
{
    public async Task<StatusUpdateView> Handle(PostStatusUpdate request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        await rules.EnsureMayPostAsync(incident, request.Viewer, ct);
        if (incident.Status == IncidentStatuses.Closed)
        {
            throw new ConflictException($"Incident {incident.Key} is closed.", "incident-closed", currentVersion: incident.Version);
        }

        var now = clock.GetUtcNow();
        var body = request.Body;
        var update = new StatusUpdateView(
            Guid.CreateVersion7(now),
            incident.Id,
            body.Status!,
            body.Impact!.Trim(),
            request.Viewer.Username,
            now,
            body.NextUpdateInMinutes is { } minutes ? now.AddMinutes(minutes) : null,
            null);
        await updates.InsertAsync(update, ct);
        incident.Record("incident.status-update", request.Viewer.Username, now, new Dictionary<string, object?>
        {
            ["updateId"] = update.Id,
            ["status"] = update.Status,
            ["impact"] = update.Impact,
            ["nextUpdateDueAt"] = update.NextUpdateDueAt,
        });
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return update;
    }
}
