using Dapper;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.StatusUpdates;

public sealed record StatusViewItem(
    Guid Id,
    string Key,
    string Title,
    string Severity,
    string Stage,
    string Lead,
    DateTimeOffset OpenedAt,
    bool UpdateOverdue,
    StatusUpdateView? LatestUpdate);

public sealed record StatusViewResult(DateTimeOffset GeneratedAt, IReadOnlyList<StatusViewItem> Items);

/// <summary>
/// GET /api/status: the organisation's internal status page (issue 10 item 3), for everyone signed in —
/// open S1/S2 incidents only, with title, stage, lead and latest update, nothing else of them.
/// </summary>
public sealed record StatusView(Viewer Viewer) : IQuery<StatusViewResult>;

internal sealed class StatusViewHandler(DbSession session, TimeProvider clock) : IRequestHandler<StatusView, StatusViewResult>
{
    public async Task<StatusViewResult> Handle(StatusView request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            select i.id as Id, i.incident_key as IncidentKey, i.title as Title, i.severity as Severity, i.stage as Stage,
                i.lead_username as Lead, i.opened_at as OpenedAt,
                u.id as UpdateId, u.status as UpdateStatus, u.impact as Impact, u.posted_by as PostedBy,
                u.posted_at as PostedAt, u.next_update_due_at as NextUpdateDueAt, u.reminded_at as RemindedAt
            from incidents i
            left join incident_status_updates u on u.incident_id = i.id
                and not exists (
                    select 1
                    from incident_status_updates n
                    where n.incident_id = u.incident_id
                        and (n.posted_at > u.posted_at or (n.posted_at = u.posted_at and n.id > u.id)))
            where i.status = 'open'
                and i.severity in ('S1', 'S2')
            order by i.severity, i.opened_at desc, i.id
            """,
            cancellationToken: ct));
        var now = clock.GetUtcNow();
        return new StatusViewResult(now, [.. rows.Select(r => r.ToItem(now))]);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public string IncidentKey { get; init; } = "";

        public string Title { get; init; } = "";

        public string Severity { get; init; } = "";

        public string Stage { get; init; } = "";

        public string Lead { get; init; } = "";

        public DateTimeOffset OpenedAt { get; init; }

        public Guid? UpdateId { get; init; }

        public string? UpdateStatus { get; init; }

        public string? Impact { get; init; }

        public string? PostedBy { get; init; }

        public DateTimeOffset? PostedAt { get; init; }

        public DateTimeOffset? NextUpdateDueAt { get; init; }

        public DateTimeOffset? RemindedAt { get; init; }

        public StatusViewItem ToItem(DateTimeOffset now)
        {
            var latest = UpdateId is { } id
                ? new StatusUpdateView(id, Id, UpdateStatus!, Impact!, PostedBy!, PostedAt!.Value, NextUpdateDueAt, RemindedAt)
                : null;
            return new StatusViewItem(
                Id, IncidentKey, Title, Severity, Stage, Lead, OpenedAt, latest?.NextUpdateDueAt is { } due && due <= now, latest);
        }
    }
}
