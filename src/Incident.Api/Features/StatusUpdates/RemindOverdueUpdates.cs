using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Quartz;

namespace Incident.Api.Features.StatusUpdates;

/// <summary>
/// Finds open incidents whose latest status update's "next update due" passed and records the
/// reminder once (incident.status-update-overdue, to the involved departments and watchers). Tests
/// call <see cref="RemindAsync"/> directly; Quartz calls it every 30 seconds.
/// </summary>
public sealed partial class OverdueUpdateReminders(IServiceScopeFactory scopes, SqlDialect dialect, TimeProvider clock, ILogger<OverdueUpdateReminders> logger)
{
    public async Task<int> RemindAsync(CancellationToken ct = default)
    {
        IReadOnlyList<Guid> due;
        await using (var connection = dialect.CreateConnection())
        {
            await connection.OpenAsync(ct);
            due = [.. await connection.QueryAsync<Guid>(new CommandDefinition(
                """
                select u.id
                from incident_status_updates u
                join incidents i on i.id = u.incident_id
                where u.reminded_at is null
                    and u.next_update_due_at <= @now
                    and i.status = 'open'
                order by u.next_update_due_at
                """,
                new { now = clock.GetUtcNow() }, cancellationToken: ct))];
        }

        var reminded = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                reminded += await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RemindOverdueUpdate(id), ct) ? 1 : 0;
            }
#pragma warning disable CA1031 // one failing reminder must not stop the sweep; it stays due and is retried next sweep
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, id);
            }
        }

        return reminded;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminding overdue status update {UpdateId} failed; the next sweep retries it")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid updateId);
}

[DisallowConcurrentExecution]
public sealed class RemindOverdueUpdatesJob(OverdueUpdateReminders reminders) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.RemindAsync(cancellationToken);
}

/// <summary>One overdue update: false when a newer update superseded it or another node reminded first.</summary>
public sealed record RemindOverdueUpdate(Guid UpdateId) : ICommand<bool>;

internal sealed class RemindOverdueUpdateHandler(IncidentStore incidents, StatusUpdateStore updates, DbSession session, TimeProvider clock)
    : IRequestHandler<RemindOverdueUpdate, bool>
{
    public async Task<bool> Handle(RemindOverdueUpdate request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var incidentId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            select incident_id
            from incident_status_updates
            where id = @id
            """,
            new { id = request.UpdateId }, session.Transaction, cancellationToken: ct));
        // Lock order as everywhere: the incident row first.
        if (incidentId is not { } id || await incidents.FindAsync(id, IncidentWorkflows.System, ct) is not { } incident)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var latest = await updates.LatestAsync(id, ct);
        if (latest is null || latest.Id != request.UpdateId || latest.NextUpdateDueAt is not { } due || due > now
            || incident.Status != IncidentStatuses.Open || !await updates.MarkRemindedAsync(latest.Id, now, ct))
        {
            // A superseded update is never reminded: mark it so the sweep stops finding it.
            if (latest is not null && latest.Id != request.UpdateId)
            {
                await updates.MarkRemindedAsync(request.UpdateId, now, ct);
            }

            return false;
        }

        incident.Record("incident.status-update-overdue", IncidentWorkflows.SystemActor, now, new Dictionary<string, object?>
        {
            ["updateId"] = latest.Id,
            ["dueAt"] = due,
            ["lead"] = incident.Lead,
        });
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return true;
    }
}
