using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Timeline;

public sealed record IncidentTimeline(Guid IncidentId, long? After, Viewer Viewer) : IQuery<ItemsOf<TimelineEvent>>;

internal sealed class IncidentTimelineValidator : IValidator<IncidentTimeline>
{
    public ValueTask ValidateAsync(IncidentTimeline request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.After is null or >= 0, "after", "'after' is a sequence number, 0 or more.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class IncidentTimelineHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<IncidentTimeline, ItemsOf<TimelineEvent>>
{
    public async Task<ItemsOf<TimelineEvent>> Handle(IncidentTimeline request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            select {EventsSinceHandler.Columns}
            from events e
            where e.incident_id = @incidentId
                and e.seq > @after
            order by e.seq
            """,
            new { incidentId = request.IncidentId, after = request.After ?? 0 }, cancellationToken: ct));
        return new ItemsOf<TimelineEvent>([.. rows.Select(r => r.ToEvent())]);
    }
}
