using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Handoffs;

public sealed record IncidentHandoffs(Guid IncidentId, Viewer Viewer) : IQuery<ItemsOf<HandoffView>>;

public sealed record ItemsOf<T>(IReadOnlyList<T> Items);

internal sealed class IncidentHandoffsHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<IncidentHandoffs, ItemsOf<HandoffView>>
{
    public async Task<ItemsOf<HandoffView>> Handle(IncidentHandoffs request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<Handoff>(new CommandDefinition(
            $"""
            select {HandoffStore.Columns}
            from handoffs h
            join incidents i on i.id = h.incident_id
            where h.incident_id = @incidentId
            order by h.requested_at, h.id
            """,
            new { incidentId = request.IncidentId }, cancellationToken: ct));
        return new ItemsOf<HandoffView>([.. rows.Select(HandoffView.From)]);
    }
}
