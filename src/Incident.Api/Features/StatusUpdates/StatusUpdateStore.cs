using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.StatusUpdates;

/// <summary>All writes to incident_status_updates.</summary>
public sealed class StatusUpdateStore(DbSession session)
{
    public async Task InsertAsync(StatusUpdateView update, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into incident_status_updates (id, incident_id, status, impact, posted_by, posted_at, next_update_due_at, reminded_at)
            values (@Id, @IncidentId, @Status, @Impact, @PostedBy, @PostedAt, @NextUpdateDueAt, @RemindedAt)
            """,
            update, session.Transaction, cancellationToken: ct));
    }

    /// <summary>The incident's latest update (the one whose due time counts), read inside the caller's transaction.</summary>
    public async Task<StatusUpdateRow?> LatestAsync(Guid incidentId, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<StatusUpdateRow>(new CommandDefinition(
            $"""
            select {StatusUpdateRow.Columns}
            from incident_status_updates u
            where u.incident_id = @incidentId
            order by u.posted_at desc, u.id desc
            """,
            new { incidentId }, session.Transaction, cancellationToken: ct));
    }

    /// <summary>True when this call marked it: the reminder is recorded once.</summary>
    public async Task<bool> MarkRemindedAsync(Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update incident_status_updates
            set reminded_at = @at
            where id = @id
                and reminded_at is null
            """,
            new { id, at }, session.Transaction, cancellationToken: ct)) == 1;
    }
}
