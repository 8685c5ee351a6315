using Dapper;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;
using Quartz;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// DESIGN.md "Timers are durable": the truth is the bookmark row (and, for manual handoffs, the
/// handoff's due_at); this sweep fires whatever is due by the injected clock, each in its own
/// transaction, so after downtime every due timer fires once, late, never twice. Tests call
/// <see cref="FireAsync"/> directly; Quartz calls it every second in production.
/// </summary>
public sealed partial class DueTimers(IServiceScopeFactory scopes, WorkflowEngine engine, SqlDialect dialect, TimeProvider clock, ILogger<DueTimers> logger)
{
    private const int BatchSize = 100;

    /// <summary>Fires every due workflow timer and expires every overdue manual handoff; returns how many fired.</summary>
    public async Task<int> FireAsync(CancellationToken ct = default)
    {
        IReadOnlyList<DueTimer> timers;
        IReadOnlyList<Guid> handoffs;
        await using (var connection = dialect.CreateConnection())
        {
            await connection.OpenAsync(ct);
            timers = await engine.GetDueTimersAsync(new WorkflowSession(connection, null), BatchSize, ct);
            handoffs = [.. await connection.QueryAsync<Guid>(new CommandDefinition(
                $"""
                select h.id
                from handoffs h
                where h.status = 'pending'
                    and h.workflow_instance_id is null
                    and h.due_at <= @now
                order by h.due_at
                {(dialect.Provider == DatabaseProvider.SqlServer ? "offset 0 rows fetch next @take rows only" : "limit @take")}
                """,
                new { now = clock.GetUtcNow(), take = BatchSize }, cancellationToken: ct))];
        }

        var fired = 0;
        foreach (var timer in timers)
        {
            fired += await SendAsync(new FireDueTimer(timer), ct) ? 1 : 0;
        }

        foreach (var handoff in handoffs)
        {
            fired += await SendAsync(new ExpireOverdueHandoff(handoff), ct) ? 1 : 0;
        }

        return fired;
    }

    private async Task<bool> SendAsync(ICommand<bool> command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
        }
#pragma warning disable CA1031 // one failing timer must not stop the sweep; it stays due and is retried next sweep
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, command.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Command} failed; it stays due and the next sweep retries it")]
    private static partial void LogFailed(ILogger logger, Exception exception, string command);
}

/// <summary>Quartz's trigger for <see cref="DueTimers"/>; one sweep at a time per node (and per cluster on PostgreSQL).</summary>
[DisallowConcurrentExecution]
public sealed class FireDueTimersJob(DueTimers timers) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await timers.FireAsync(cancellationToken);
}

/// <summary>Resumes one due timer bookmark. False when someone got there first (an accept, another node).</summary>
public sealed record FireDueTimer(DueTimer Timer) : ICommand<bool>;

internal sealed class FireDueTimerHandler(IncidentStore incidents, IncidentWorkflows workflows) : IRequestHandler<FireDueTimer, bool>
{
    public async Task<bool> Handle(FireDueTimer request, CancellationToken ct)
    {
        if (!Guid.TryParse(request.Timer.CorrelationId, out var incidentId)
            || await incidents.FindAsync(incidentId, IncidentWorkflows.System, ct) is not { } incident)
        {
            return false;
        }

        var run = await workflows.ResumeAsync(incident, IncidentWorkflows.SystemActor, request.Timer.BookmarkId, null, ct);
        if (!run.Ran)
        {
            return false;
        }

        await workflows.SaveAsync(run, incident, newIncident: false, ct);
        return true;
    }
}

/// <summary>A manual handoff (no workflow) whose acceptance SLA passed: expired, and the breach on the timeline.</summary>
public sealed record ExpireOverdueHandoff(Guid HandoffId) : ICommand<bool>;

internal sealed class ExpireOverdueHandoffHandler(IncidentStore incidents, HandoffStore handoffs, TimeProvider clock)
    : IRequestHandler<ExpireOverdueHandoff, bool>
{
    public async Task<bool> Handle(ExpireOverdueHandoff request, CancellationToken ct)
    {
        var incidentId = await handoffs.IncidentOfAsync(request.HandoffId, ct);
        var incident = await incidents.FindAsync(incidentId, IncidentWorkflows.System, ct);
        var handoff = await handoffs.LoadAsync(request.HandoffId, ct);
        var now = clock.GetUtcNow();
        if (incident is null || !handoff.IsPending || handoff.DueAt is not { } due || due > now)
        {
            return false;
        }

        handoff.Expire(incident, IncidentWorkflows.SystemActor, now);
        await handoffs.SaveAsync(handoff, ct);
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return true;
    }
}
