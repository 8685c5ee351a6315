using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.People;

/// <summary>
/// All writes to task_assignees. A task is a workflow action bookmark; the engine keeps SQLite ids as
/// lower-case text, so task ids are bound the same way there to join with workflow_bookmarks.
/// </summary>
public sealed class TaskAssigneeStore(DbSession session)
{
    public object TaskIdParameter(Guid taskId) => session.Dialect.Provider == DatabaseProvider.Sqlite ? taskId.ToString() : taskId;

    /// <summary>True when the user was not yet assigned.</summary>
    public async Task<bool> AssignAsync(Guid incidentId, Guid taskId, string username, string by, DateTimeOffset at, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            session.Dialect.InsertIgnore(
                "task_assignees",
                "task_id, incident_id, username, assigned_by, assigned_at",
                "@taskId, @incidentId, @username, @by, @at",
                "task_id, username"),
            new { taskId = TaskIdParameter(taskId), incidentId, username, by, at },
            session.Transaction,
            cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>True when the user was assigned.</summary>
    public async Task<bool> UnassignAsync(Guid taskId, string username, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from task_assignees
            where task_id = @taskId
                and username = @username
            """,
            new { taskId = TaskIdParameter(taskId), username },
            session.Transaction,
            cancellationToken: ct));
        return deleted == 1;
    }

    /// <summary>Assignees of the incident's tasks, by task id, in the order they were assigned.</summary>
    public async Task<ILookup<Guid, string>> OfIncidentAsync(Guid incidentId, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<AssigneeRow>(new CommandDefinition(
            """
            select a.task_id as TaskId, a.username as Username
            from task_assignees a
            where a.incident_id = @incidentId
            order by a.assigned_at, a.username
            """,
            new { incidentId },
            session.Transaction,
            cancellationToken: ct));
        return rows.ToLookup(r => r.TaskId, r => r.Username);
    }

    private sealed class AssigneeRow
    {
        public Guid TaskId { get; init; }

        public string Username { get; init; } = "";
    }
}
