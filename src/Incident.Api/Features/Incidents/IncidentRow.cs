using System.Text.Json;

namespace Incident.Api.Features.Incidents;

/// <summary>The incidents table as Dapper reads it.</summary>
public sealed class IncidentRow
{
    public const string Columns =
        """
        i.id as Id, i.incident_key as IncidentKey, i.title as Title, i.summary as Summary,
        i.business_line as BusinessLine, i.category as Category, i.severity as Severity, i.source as Source,
        i.status as Status, i.stage as Stage, i.owner_department as OwnerDepartment,
        i.escalation_level as EscalationLevel, i.tags as Tags, i.opened_by as OpenedBy, i.lead_username as Lead, i.version as Version,
        i.opened_at as OpenedAt, i.updated_at as UpdatedAt, i.closed_at as ClosedAt
        """;

    public Guid Id { get; init; }

    public string IncidentKey { get; init; } = "";

    public string Title { get; init; } = "";

    public string Summary { get; init; } = "";

    public string BusinessLine { get; init; } = "";

    public string Category { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Source { get; init; } = "";

    public string Status { get; init; } = "";

    public string Stage { get; init; } = "";

    public string OwnerDepartment { get; init; } = "";

    public int EscalationLevel { get; init; }

    public string Tags { get; init; } = "[]";

    public string OpenedBy { get; init; } = "";

    public string Lead { get; init; } = "";

    public int Version { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }
}

public static class IncidentJson
{
    public static IReadOnlyList<string> ReadTags(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static string WriteTags(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);
}
