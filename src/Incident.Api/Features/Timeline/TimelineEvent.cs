using System.Text.Json;

namespace Incident.Api.Features.Timeline;

/// <summary>A change not yet written: the aggregate records it, the EventStore gives it its seq.</summary>
public sealed record PendingEvent(string Type, string Actor, DateTimeOffset OccurredAt, IReadOnlyDictionary<string, object?> Data);

/// <summary>One entry of the timeline, exactly as API.md "Events and live updates" shows it.</summary>
public sealed record TimelineEvent(
    long Seq,
    Guid IncidentId,
    string IncidentKey,
    string Type,
    string Stage,
    string Severity,
    string Actor,
    IReadOnlyList<string> Departments,
    DateTimeOffset OccurredAt,
    JsonElement Data);

/// <summary>The events table as Dapper reads it (settable properties: SQLite hands back TEXT ids and INTEGER as long).</summary>
public sealed class EventRow
{
    public long Seq { get; init; }

    public Guid IncidentId { get; init; }

    public string IncidentKey { get; init; } = "";

    public string Type { get; init; } = "";

    public string Stage { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Actor { get; init; } = "";

    public string Departments { get; init; } = "[]";

    public DateTimeOffset OccurredAt { get; init; }

    public string Data { get; init; } = "{}";

    public TimelineEvent ToEvent() => new(
        Seq,
        IncidentId,
        IncidentKey,
        Type,
        Stage,
        Severity,
        Actor,
        JsonSerializer.Deserialize<string[]>(Departments) ?? [],
        OccurredAt,
        JsonDocument.Parse(Data).RootElement.Clone());
}
