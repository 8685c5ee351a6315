using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.StatusUpdates;

/// <summary>GET /api/incidents/{id}/updates: newest first.</summary>
public sealed record IncidentStatusUpdates(Guid IncidentId, Viewer Viewer) : IQuery<ItemsOf<StatusUpdateView>>;

internal sealed class IncidentStatusUpdatesHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<IncidentStatusUpdates, ItemsOf<StatusUpdateView>>
{
    public async Task<ItemsOf<StatusUpdateView>> Handle(IncidentStatusUpdates request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<StatusUpdateRow>(new CommandDefinition(
            $"""
            select {StatusUpdateRow.Columns}
            from incident_status_updates u
            where u.incident_id = @incidentId
            order by u.posted_at desc, u.id desc
            """,
            new { incidentId = request.IncidentId }, cancellationToken: ct));
        return new ItemsOf<StatusUpdateView>([.. rows.Select(r => r.ToView())]);
    }
}
