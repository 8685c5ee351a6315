using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Quartz;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>Every open incident with governance rules, or with a workflow waiting at a governance gate.</summary>
public sealed record GovernedIncidents : IQuery<IReadOnlyList<Guid>>;

internal sealed class GovernedIncidentsHandler(DbSession session) : IRequestHandler<GovernedIncidents, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(GovernedIncidents request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var linked = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select distinct ri.incident_id
            from governance_rule_incidents ri
            join incidents i on i.id = ri.incident_id
            where i.status = 'open'
            """,
            cancellationToken: ct));
        // Correlation ids are the engine's text; incidents.id is a uuid (PostgreSQL) or TEXT (SQLite): compare in C#.
        var waiting = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select distinct wi.correlation_id
            from workflow_instances wi
            join workflow_bookmarks b on b.instance_id = wi.id
            where wi.finished_at is null
                and b.name = 'governance-effect'
            """,
            cancellationToken: ct));
        var ids = linked.Concat(waiting.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)).Distinct().Order();
        return [.. ids];
    }
}

/// <summary>Quartz: the every-minute re-evaluation of every governed incident (figures move with time too: the after window grows).</summary>
[DisallowConcurrentExecution]
public sealed class EvaluateGovernanceGatesJob(IServiceScopeFactory scopes, GovernanceGateTriggers triggers) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var incidentId in await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GovernedIncidents(), cancellationToken))
        {
            triggers.Enqueue(incidentId);
        }
    }
}
