using System.Globalization;
using System.Text.Json.Nodes;
using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Persistence;

/// How ids and times travel per dialect: SQLite stores TEXT (ISO-8601 UTC "O", so text order is time order).
internal sealed class SqlValues(WorkflowDialect dialect)
{
    public object Id(Guid id) => dialect == WorkflowDialect.Sqlite ? id.ToString() : id;

    public object Time(DateTimeOffset time) =>
        dialect == WorkflowDialect.Sqlite ? time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : time.ToUniversalTime();

    public object? OptionalTime(DateTimeOffset? time) => time is { } t ? Time(t) : null;

    public static Guid ReadId(object value) => value switch
    {
        Guid g => g,
        string s => Guid.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"cannot read an id from {value.GetType()}"),
    };

    public static DateTimeOffset ReadTime(object value) => value switch
    {
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"cannot read a time from {value.GetType()}"),
    };

    public static DateTimeOffset? ReadOptionalTime(object? value) => value is null or DBNull ? null : ReadTime(value);
}

#pragma warning disable IDE1006 // row classes mirror the snake_case columns Dapper maps by name
internal sealed class DefinitionRow
{
    public string definition_id { get; set; } = "";

    public long version { get; set; }

    public string name { get; set; } = "";

    public string status { get; set; } = "";

    public string document { get; set; } = "";

    public string format { get; set; } = "";

    public object created_at { get; set; } = null!;

    public object? published_at { get; set; }

    public StoredWorkflowDefinition ToDefinition(SqlValues values) => new(
        definition_id, (int)version, name,
        status == "published" ? DefinitionStatus.Published : DefinitionStatus.Draft,
        document, format == "json" ? DefinitionFormat.Json : DefinitionFormat.Yaml,
        SqlValues.ReadTime(created_at), SqlValues.ReadOptionalTime(published_at));
}

internal sealed class InstanceRow
{
    public object id { get; set; } = null!;

    public string definition_id { get; set; } = "";

    public long definition_version { get; set; }

    public string correlation_id { get; set; } = "";

    public string status { get; set; } = "";

    public string variables { get; set; } = "{}";

    public string state { get; set; } = "{}";

    public long version { get; set; }

    public object created_at { get; set; } = null!;

    public object updated_at { get; set; } = null!;

    public object? finished_at { get; set; }

    public static object Parameters(InstanceRecord i, SqlValues values, int expectedVersion) => new
    {
        Id = values.Id(i.Id),
        i.DefinitionId,
        i.DefinitionVersion,
        i.CorrelationId,
        Status = i.Status.ToString().ToLowerInvariant(),
        Variables = i.Variables.ToJsonString(),
        State = i.State.Serialize(),
        i.Version,
        ExpectedVersion = expectedVersion,
        CreatedAt = values.Time(i.CreatedAt),
        UpdatedAt = values.Time(i.UpdatedAt),
        FinishedAt = values.OptionalTime(i.FinishedAt),
    };

    public InstanceRecord ToRecord(SqlValues values) => new()
    {
        Id = SqlValues.ReadId(id),
        DefinitionId = definition_id,
        DefinitionVersion = (int)definition_version,
        CorrelationId = correlation_id,
        Status = Enum.Parse<WorkflowInstanceStatus>(status, ignoreCase: true),
        Variables = JsonNode.Parse(variables) as JsonObject ?? [],
        State = InstanceState.Deserialize(state),
        Version = (int)version,
        CreatedAt = SqlValues.ReadTime(created_at),
        UpdatedAt = SqlValues.ReadTime(updated_at),
        FinishedAt = SqlValues.ReadOptionalTime(finished_at),
    };
}

internal sealed class BookmarkRow
{
    public object id { get; set; } = null!;

    public object instance_id { get; set; } = null!;

    public string activity_id { get; set; } = "";

    public string name { get; set; } = "";

    public string hash { get; set; } = "";

    public string? payload { get; set; }

    public object? due_at { get; set; }

    public string? metadata { get; set; }

    public object created_at { get; set; } = null!;

    public static object Parameters(WorkflowBookmark b, SqlValues values) => new
    {
        Id = values.Id(b.Id),
        InstanceId = values.Id(b.InstanceId),
        b.ActivityId,
        b.Name,
        b.Hash,
        Payload = b.Payload?.ToJsonString(),
        DueAt = values.OptionalTime(b.DueAt),
        Metadata = b.Metadata?.ToJsonString(),
        CreatedAt = values.Time(b.CreatedAt),
    };

    public WorkflowBookmark ToBookmark(SqlValues values) => new(
        SqlValues.ReadId(id), SqlValues.ReadId(instance_id), activity_id, name,
        payload is null ? null : JsonNode.Parse(payload),
        SqlValues.ReadOptionalTime(due_at),
        metadata is null ? null : JsonNode.Parse(metadata) as JsonObject,
        SqlValues.ReadTime(created_at))
    {
        Hash = hash,
    };
}

internal sealed class DueTimerRow
{
    public object id { get; set; } = null!;

    public object instance_id { get; set; } = null!;

    public string correlation_id { get; set; } = "";

    public object due_at { get; set; } = null!;
}

internal sealed class JournalRow
{
    public object instance_id { get; set; } = null!;

    public long seq { get; set; }

    public string activity_id { get; set; } = "";

    public string activity_type { get; set; } = "";

    public string? outcome { get; set; }

    public object occurred_at { get; set; } = null!;
}

internal sealed class FaultRow
{
    public object id { get; set; } = null!;

    public object instance_id { get; set; } = null!;

    public string activity_id { get; set; } = "";

    public string message { get; set; } = "";

    public object occurred_at { get; set; } = null!;

    public object? resolved_at { get; set; }
}
#pragma warning restore IDE1006
