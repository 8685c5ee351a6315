using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Handoffs;

/// <summary>All writes to handoffs.</summary>
public sealed class HandoffStore(DbSession session)
{
    public const string Columns =
        """
        h.id as Id, h.incident_id as IncidentId, i.incident_key as IncidentKey, h.from_department as FromDepartment,
        h.to_department as ToDepartment, h.note as Note, h.status as Status, h.requested_by as RequestedBy,
        h.requested_at as RequestedAt, h.due_at as DueAt, h.responded_at as RespondedAt,
        h.responded_by as RespondedBy, h.response_note as ResponseNote, h.version as Version,
        h.workflow_instance_id as WorkflowInstanceId
        """;

    public async Task InsertAsync(Handoff handoff, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into handoffs (id, incident_id, from_department, to_department, note, status, requested_by,
                requested_at, due_at, responded_at, responded_by, response_note, version, workflow_instance_id)
            values (@Id, @IncidentId, @FromDepartment, @ToDepartment, @Note, @Status, @RequestedBy,
                @RequestedAt, @DueAt, @RespondedAt, @RespondedBy, @ResponseNote, @Version, @WorkflowInstanceId)
            """,
            handoff, session.Transaction, cancellationToken: ct));
    }

    /// <summary>The handoff's incident id, so the caller can lock the incident first (always incident, then handoff).</summary>
    public async Task<Guid> IncidentOfAsync(Guid handoffId, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            select incident_id
            from handoffs
            where id = @handoffId
            """,
            new { handoffId }, session.Transaction, cancellationToken: ct)) ?? throw new NotFoundException("handoff", handoffId);
    }

    public async Task<Handoff> LoadAsync(Guid id, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var dialect = session.Dialect;
        return await connection.QuerySingleOrDefaultAsync<Handoff>(new CommandDefinition(
            $"""
            select {Columns}
            from handoffs h {dialect.LockHint}
            join incidents i on i.id = h.incident_id
            where h.id = @id
            {dialect.ForUpdate}
            """,
            new { id }, session.Transaction, cancellationToken: ct)) ?? throw new NotFoundException("handoff", id);
    }

    public async Task SaveAsync(Handoff handoff, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update handoffs
            set status = @Status, responded_at = @RespondedAt, responded_by = @RespondedBy,
                response_note = @ResponseNote, version = @Version + 1
            where id = @Id
                and version = @Version
            """,
            handoff, session.Transaction, cancellationToken: ct));
        if (updated != 1)
        {
            throw new ConflictException("This handoff was answered by someone else meanwhile.", "handoff-not-pending");
        }

        handoff.Saved();
    }
}
