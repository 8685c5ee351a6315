using System.Text.Json;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Timeline;

/// <summary>
/// The only writer of the events table. It appends, never edits or deletes: the timeline is the
/// audit log. Must run inside the command's transaction.
/// </summary>
public sealed class EventStore(DbSession session)
{

    public async Task AppendAsync(RiskIncident incident, CancellationToken ct)
    {
        if (incident.PendingEvents.Count == 0)
        {
            return;
        }

        var connection = await session.ConnectionAsync(ct);
        var tx = session.Transaction ?? throw new InvalidOperationException("Events are appended inside a command's transaction.");

        // ADR-0006: taking the counter row's lock serialises writers, so seq order is commit order.
        var reserve = session.Dialect.UpdateReturning(
            "event_counters", "value = value + @count", "name = 'events'", "value");
        var last = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(reserve, new { count = incident.PendingEvents.Count }, tx, cancellationToken: ct));
        var seq = last - incident.PendingEvents.Count;
        var departments = incident.Departments.ToArray();
        var departmentsJson = JsonSerializer.Serialize(departments, ApiJson.Options);

        foreach (var pending in incident.PendingEvents)
        {
            seq++;
            var data = JsonSerializer.Serialize(pending.Data, ApiJson.Options);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into events (seq, incident_id, incident_key, type, stage, severity, actor, departments, occurred_at, data)
                values (@seq, @incidentId, @incidentKey, @type, @stage, @severity, @actor, @departments, @occurredAt, @data)
                """,
                new
                {
                    seq,
                    incidentId = incident.Id,
                    incidentKey = incident.Key,
                    type = pending.Type,
                    stage = incident.Stage,
                    severity = incident.Severity,
                    actor = pending.Actor,
                    departments = departmentsJson,
                    occurredAt = pending.OccurredAt,
                    data,
                },
                tx,
                cancellationToken: ct));
            session.RecordEvent(new TimelineEvent(
                seq, incident.Id, incident.Key, pending.Type, incident.Stage, incident.Severity, pending.Actor,
                departments, pending.OccurredAt, JsonDocument.Parse(data).RootElement.Clone()));
        }
    }
}
