namespace Incident.Api.Features.StatusUpdates;

/// <summary>Where the response stands, in the words incident status pages use.</summary>
public static class UpdateStatuses
{
    public const string Investigating = "investigating";
    public const string Identified = "identified";
    public const string Monitoring = "monitoring";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Investigating, Identified, Monitoring, Resolved];
}

/// <summary>One structured update to stakeholders: status, impact, when the next one is due.</summary>
public sealed record StatusUpdateView(
    Guid Id,
    Guid IncidentId,
    string Status,
    string Impact,
    string PostedBy,
    DateTimeOffset PostedAt,
    DateTimeOffset? NextUpdateDueAt,
    DateTimeOffset? RemindedAt);

/// <summary>The incident_status_updates table as Dapper reads it.</summary>
public sealed class StatusUpdateRow
{
    public const string Columns =
        """
        u.id as Id, u.incident_id as IncidentId, u.status as Status, u.impact as Impact, u.posted_by as PostedBy,
        u.posted_at as PostedAt, u.next_update_due_at as NextUpdateDueAt, u.reminded_at as RemindedAt
        """;

    public Guid Id { get; init; }

    public Guid IncidentId { get; init; }

    public string Status { get; init; } = "";

    public string Impact { get; init; } = "";

    public string PostedBy { get; init; } = "";

    public DateTimeOffset PostedAt { get; init; }

    public DateTimeOffset? NextUpdateDueAt { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public StatusUpdateView ToView() => new(Id, IncidentId, Status, Impact, PostedBy, PostedAt, NextUpdateDueAt, RemindedAt);
}
