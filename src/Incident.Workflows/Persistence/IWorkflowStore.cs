using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Persistence;

/// <summary>Which SQL dialect the caller's connection speaks.</summary>
public enum WorkflowDialect
{
    /// <summary>SQLite (Microsoft.Data.Sqlite): ids and times as TEXT, times ISO-8601 UTC.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql): uuid and timestamptz.</summary>
    PostgreSql,

    /// <summary>SQL Server (Microsoft.Data.SqlClient): uniqueidentifier and datetimeoffset.</summary>
    SqlServer,
}

/// <summary>Status of a definition version.</summary>
public enum DefinitionStatus
{
    /// <summary>Saved, not startable.</summary>
    Draft,

    /// <summary>Published: new instances may start on it; stays readable after newer versions.</summary>
    Published,
}

/// <summary>One stored version of a definition.</summary>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="Version">Version number (1, 2, ...).</param>
/// <param name="Name">Name from the document.</param>
/// <param name="Status">Draft or published.</param>
/// <param name="Document">The document as written.</param>
/// <param name="Format">Its format.</param>
/// <param name="CreatedAt">When the draft was saved.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record StoredWorkflowDefinition(
    string DefinitionId,
    int Version,
    string Name,
    DefinitionStatus Status,
    string Document,
    DefinitionFormat Format,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt);

/// The engine's persistence seam: SQL on the caller's transaction, or memory (unit tests, benchmarks).
internal interface IWorkflowStore
{
    Task<StoredWorkflowDefinition?> GetDefinitionAsync(string definitionId, int? version, bool publishedOnly, CancellationToken ct);

    Task<InstanceRecord?> GetInstanceAsync(Guid instanceId, bool forUpdate, CancellationToken ct);

    Task<IReadOnlyList<InstanceRecord>> GetInstancesByCorrelationAsync(string correlationId, CancellationToken ct);

    Task InsertInstanceAsync(InstanceRecord instance, CancellationToken ct);

    Task<bool> UpdateInstanceAsync(InstanceRecord instance, int expectedVersion, CancellationToken ct);

    Task<WorkflowBookmark?> GetBookmarkAsync(Guid bookmarkId, CancellationToken ct);

    Task<WorkflowBookmark?> FindBookmarkAsync(string correlationId, string hash, CancellationToken ct);

    Task<IReadOnlyList<WorkflowBookmark>> GetBookmarksAsync(Guid instanceId, CancellationToken ct);

    Task<bool> DeleteBookmarkAsync(Guid bookmarkId, CancellationToken ct);

    Task WriteBookmarksAsync(IReadOnlyList<WorkflowBookmark> created, IReadOnlyList<Guid> deleted, CancellationToken ct);

    Task MoveBookmarkAsync(Guid bookmarkId, string activityId, CancellationToken ct);

    Task<IReadOnlyList<DueTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken ct);

    Task AppendJournalAsync(IReadOnlyList<WorkflowJournalEntry> entries, CancellationToken ct);

    Task<IReadOnlyList<WorkflowJournalEntry>> GetJournalAsync(Guid instanceId, CancellationToken ct);

    Task InsertFaultAsync(WorkflowFault fault, CancellationToken ct);

    Task ResolveFaultsAsync(Guid instanceId, DateTimeOffset at, CancellationToken ct);

    Task<IReadOnlyList<WorkflowFault>> GetFaultsAsync(Guid instanceId, CancellationToken ct);
}
