using System.Threading.Channels;
using Dapper;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Database;
using MediatR;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>
/// Issue 9, item 7: the gate is re-evaluated whenever something that moves a figure commits — enforcement
/// records, appeals, audits, rule changes (their events land on the rule's incidents), an incident entering
/// the governance stage, and signal points of a rule's series — besides the every-minute sweep. Each
/// evaluation runs in its own scope and transaction, after the triggering commit.
/// </summary>
public sealed partial class GovernanceGateTriggers(IServiceScopeFactory scopes, LiveEvents live, ILogger<GovernanceGateTriggers> logger)
    : BackgroundService
{
    private readonly Channel<Guid> queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public static bool Moves(TimelineEvent e) =>
        (e.Type.StartsWith("governance.", StringComparison.Ordinal) && e.Type != GovernanceEvents.EffectMeasured)
        || e.Type.StartsWith("appeal.", StringComparison.Ordinal)
        || (e.Type == "incident.stage-changed" && e.Stage == Incidents.Stages.Governance);

    public void Enqueue(Guid incidentId) => queue.Writer.TryWrite(incidentId);

    /// <summary>Points of a series arrived (committed): every open incident whose rules watch that series.</summary>
    public async Task SeriesChangedAsync(Guid seriesId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var connection = await session.ConnectionAsync(ct);
        var incidents = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select distinct ri.incident_id
            from governance_rule_versions v
            join governance_rule_incidents ri on ri.rule_id = v.rule_id
            join incidents i on i.id = ri.incident_id
            where (v.signal_series_id = @seriesId or v.control_series_id = @seriesId)
                and v.status in ('live', 'shadow')
                and i.status = 'open'
            """,
            new { seriesId }, cancellationToken: ct));
        foreach (var incidentId in incidents)
        {
            Enqueue(incidentId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(e =>
        {
            if (Moves(e))
            {
                Enqueue(e.IncidentId);
            }
        });
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            HashSet<Guid> batch = [];
            while (reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            foreach (var incidentId in batch)
            {
                await EvaluateAsync(incidentId, stoppingToken);
            }
        }
    }

    private async Task EvaluateAsync(Guid incidentId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EvaluateGovernanceGate(incidentId), ct);
        }
#pragma warning disable CA1031 // one incident failing to evaluate must not stop the others; the sweep retries it
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, incidentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Governance gate evaluation of incident {IncidentId} failed; the next sweep retries it")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid incidentId);
}
