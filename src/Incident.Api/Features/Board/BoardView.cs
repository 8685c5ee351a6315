using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Board;

public sealed record BoardQuery(Viewer Viewer) : IQuery<BoardView>;

public sealed record BoardView(DateTimeOffset GeneratedAt, IReadOnlyList<BoardColumn> Columns, BoardCounts Counts);

public sealed record BoardColumn(string Stage, IReadOnlyList<BoardCard> Incidents);

/// <summary>
/// One open incident on the board. <paramref name="SlaBreached"/> is true once any SLA of the incident was breached
/// (an <c>sla.breached</c> event: an expired handoff, an overdue task) or a deadline is passing right now
/// (<paramref name="OverdueNow"/>, before the timer has fired), and stays true until the incident closes;
/// <paramref name="FirstBreachedAt"/> is when that first happened, so the board's chart counts the same cards.
/// </summary>
public sealed record BoardCard(
    Guid Id, string Key, string Title, string Severity, string Category, string Stage, string OwnerDepartment,
    int EscalationLevel, DateTimeOffset? SlaDueAt, bool SlaBreached, int PendingHandoffs, string? Governance,
    bool OverdueNow, int Breaches, DateTimeOffset? FirstBreachedAt, DateTimeOffset OpenedAt);

public sealed record BoardCounts(
    IReadOnlyDictionary<string, int> BySeverity, IReadOnlyDictionary<string, int> ByStage, IReadOnlyDictionary<string, int> ByCategory, int Breached);

internal sealed class BoardRow
{
    public Guid Id { get; init; }

    public string IncidentKey { get; init; } = "";

    public string Title { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Category { get; init; } = "";

    public string Stage { get; init; } = "";

    public string OwnerDepartment { get; init; } = "";

    public int EscalationLevel { get; init; }

    public DateTimeOffset? HandoffDueAt { get; init; }

    public DateTimeOffset? TimerDueAt { get; init; }

    public DateTimeOffset? SlaDueAt => (HandoffDueAt, TimerDueAt) switch
    {
        ({ } h, { } t) => h < t ? h : t,
        var (h, t) => h ?? t,
    };

    public int PendingHandoffs { get; init; }

    public string? Governance { get; init; }

    public int Breaches { get; init; }

    public DateTimeOffset? FirstBreachedAt { get; init; }

    public DateTimeOffset OpenedAt { get; init; }
}

/// <summary>The leadership escalation board: open incidents by stage, most severe and most escalated first.</summary>
internal sealed class BoardQueryHandler(DbSession session, TimeProvider clock) : IRequestHandler<BoardQuery, BoardView>
{
    public async Task<BoardView> Handle(BoardQuery request, CancellationToken ct)
    {
        if (!request.Viewer.SeesAllIncidents)
        {
            throw new ForbiddenException("The escalation board is for operators, leaders and admins.");
        }

        var connection = await session.ConnectionAsync(ct);
        // The workflow instance is correlated by the incident id as text (lowercase "D" format on every provider).
        var incidentIdText = session.Dialect.Provider switch
        {
            DatabaseProvider.Postgres => "cast(i.id as text)",
            DatabaseProvider.SqlServer => "lower(convert(nvarchar(36), i.id))",
            _ => "i.id",
        };
        // SLA: the earliest pending handoff deadline or open workflow timer (task SLA, handoff
        // expiry); a Delay (e.g. an appeal window) is a wait, not an SLA.
        var rows = (await connection.QueryAsync<BoardRow>(new CommandDefinition(
            $"""
            select i.id as Id, i.incident_key as IncidentKey, i.title as Title, i.severity as Severity,
                i.category as Category, i.stage as Stage, i.owner_department as OwnerDepartment,
                i.escalation_level as EscalationLevel,
                (select min(h.due_at) from handoffs h where h.incident_id = i.id and h.status = 'pending') as HandoffDueAt,
                (select min(b.due_at)
                    from workflow_bookmarks b
                    join workflow_instances wi on wi.id = b.instance_id
                    where wi.correlation_id = {incidentIdText}
                        and wi.finished_at is null
                        and b.due_at is not null
                        and b.name not in ('delay', 'signal-timer')) as TimerDueAt,
                (select count(*) from handoffs h where h.incident_id = i.id and h.status = 'pending') as PendingHandoffs,
                (select g.verdict from incident_governance g where g.incident_id = i.id) as Governance,
                coalesce(sb.breaches, 0) as Breaches, sb.first_breached_at as FirstBreachedAt,
                i.opened_at as OpenedAt
            from incidents i
            left join (
                select e.incident_id, count(*) as breaches, min(e.occurred_at) as first_breached_at
                from events e
                join incidents o on o.id = e.incident_id and o.status = 'open'
                where e.type = 'sla.breached'
                group by e.incident_id
            ) sb on sb.incident_id = i.id
            where i.status = 'open'
            order by i.severity, i.escalation_level desc, i.opened_at
            """,
            cancellationToken: ct))).ToList();
        var now = clock.GetUtcNow();
        var cards = rows.Select(r =>
        {
            var overdueNow = r.SlaDueAt < now;
            return new BoardCard(
                r.Id, r.IncidentKey, r.Title, r.Severity, r.Category, r.Stage, r.OwnerDepartment, r.EscalationLevel,
                r.SlaDueAt, r.Breaches > 0 || overdueNow, r.PendingHandoffs, r.Governance, overdueNow, r.Breaches,
                r.FirstBreachedAt ?? (overdueNow ? r.SlaDueAt : null), r.OpenedAt);
        }).ToList();
        var columns = Stages.All.Select(s => new BoardColumn(s, [.. cards.Where(c => c.Stage == s)])).ToList();
        var counts = new BoardCounts(
            Severities.All.ToDictionary(s => s, s => cards.Count(c => c.Severity == s)),
            Stages.All.ToDictionary(s => s, s => cards.Count(c => c.Stage == s)),
            cards.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count()),
            cards.Count(c => c.SlaBreached));
        return new BoardView(now, columns, counts);
    }
}
