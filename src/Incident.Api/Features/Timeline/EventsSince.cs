using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Timeline;

/// <summary>GET /api/events?after=: catch-up after a reconnect, only events of incidents the caller may see.</summary>
public sealed record EventsSince(long? After, int? Limit, Viewer Viewer) : IQuery<ItemsOf<TimelineEvent>>;

internal sealed class EventsSinceValidator : IValidator<EventsSince>
{
    public const int MaxLimit = 1000;

    public ValueTask ValidateAsync(EventsSince request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.After is null or >= 0, "after", "'after' is a sequence number, 0 or more.");
        errors.Check(request.Limit is null or >= 1 and <= MaxLimit, "limit", $"'limit' must be between 1 and {MaxLimit}.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class EventsSinceHandler(DbSession session) : IRequestHandler<EventsSince, ItemsOf<TimelineEvent>>
{
    public const string Columns =
        """
        e.seq as Seq, e.incident_id as IncidentId, e.incident_key as IncidentKey, e.type as Type, e.stage as Stage,
        e.severity as Severity, e.actor as Actor, e.departments as Departments, e.occurred_at as OccurredAt, e.data as Data
        """;

    public async Task<ItemsOf<TimelineEvent>> Handle(EventsSince request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            select {Columns}
            from events e
            where e.seq > @after
            {IncidentVisibility.Filter(request.Viewer, "e.incident_id")}
            order by e.seq
            {session.Dialect.Page}
            """,
            new
            {
                after = request.After ?? 0,
                viewerDepartment = request.Viewer.Department,
                skip = 0,
                take = request.Limit ?? 500,
            },
            cancellationToken: ct));
        return new ItemsOf<TimelineEvent>([.. rows.Select(r => r.ToEvent())]);
    }
}
