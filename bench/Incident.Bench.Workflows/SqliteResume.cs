using System.Diagnostics;
using Dapper;
using Incident.Workflows.Definitions;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;
using Microsoft.Data.Sqlite;

namespace Incident.Bench.Workflows;

/// Resume N HumanTask bookmarks through the engine, one transaction each, against the same
/// statements written by hand (read bookmark, read instance, burn bookmark, update instance,
/// append two journal rows) on a second database.
internal static class SqliteResume
{
    private const string Definition = """
        id: one-task
        start: task
        activities:
          - { id: task, type: HumanTask, action: review, label: Review }
          - { id: done, type: Finish }
        connections:
          - { source: task, target: done }
        """;

    public static async Task<(TimeSpan Engine, TimeSpan Direct)> MeasureAsync(int count)
    {
        const int rounds = 4;
        await using var engineDb = await OpenAsync();
        await using var directDb = await OpenAsync();
        var engine = new WorkflowEngine(WorkflowDialect.Sqlite, TimeProvider.System);
        var host = new NoOpHost();
        var engineBookmarks = new Queue<Guid>(await SeedAsync(engineDb.Connection, engine, host, count * rounds));
        var directBookmarks = new Queue<Guid>(await SeedAsync(directDb.Connection, engine, host, count * rounds));

        // Round 0 warms up (JIT, page cache); the best of the remaining rounds counts, alternating which side goes first.
        TimeSpan bestEngine = TimeSpan.MaxValue, bestDirect = TimeSpan.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var engineFirst = round % 2 == 0;
            var first = engineFirst ? await TimeEngineAsync() : await TimeDirectAsync();
            var second = engineFirst ? await TimeDirectAsync() : await TimeEngineAsync();
            if (round > 0)
            {
                bestEngine = Min(bestEngine, engineFirst ? first : second);
                bestDirect = Min(bestDirect, engineFirst ? second : first);
            }
        }

        return (bestEngine, bestDirect);

        async Task<TimeSpan> TimeEngineAsync()
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var tx = engineDb.Connection.BeginTransaction();
                var result = await engine.ResumeAsync(new WorkflowSession(engineDb.Connection, tx), host, engineBookmarks.Dequeue());
                if (result.InstanceStatus != WorkflowInstanceStatus.Finished)
                {
                    throw new InvalidOperationException($"resume ended {result.Status}");
                }

                await tx.CommitAsync();
            }

            return watch.Elapsed;
        }

        async Task<TimeSpan> TimeDirectAsync()
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var tx = directDb.Connection.BeginTransaction();
                await DirectResumeAsync(directDb.Connection, tx, directBookmarks.Dequeue());
                await tx.CommitAsync();
            }

            return watch.Elapsed;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task DirectResumeAsync(SqliteConnection connection, SqliteTransaction tx, Guid bookmarkId)
    {
        var id = bookmarkId.ToString();
        var instanceId = await connection.ExecuteScalarAsync<string>("select instance_id from workflow_bookmarks where id = @id", new { id }, tx);
        var state = await connection.QuerySingleAsync("select id, variables, state, version from workflow_instances where id = @instanceId", new { instanceId }, tx);
        if (await connection.ExecuteAsync("delete from workflow_bookmarks where id = @id", new { id }, tx) != 1)
        {
            throw new InvalidOperationException("bookmark consumed");
        }

        var now = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await connection.ExecuteAsync(
            "update workflow_instances set status = 'finished', variables = @variables, state = @state, version = version + 1, updated_at = @now, finished_at = @now where id = @instanceId and version = @version",
            new { instanceId, variables = (string)state.variables, state = (string)state.state, version = (long)state.version, now }, tx);
        await connection.ExecuteAsync(
            "insert into workflow_journal (id, instance_id, seq, activity_id, activity_type, outcome, occurred_at) values (@id, @instanceId, @seq, @activity, @type, @outcome, @now)",
            new[]
            {
                new { id = Guid.NewGuid().ToString(), instanceId, seq = 1, activity = "task", type = "HumanTask", outcome = (string?)"Done", now },
                new { id = Guid.NewGuid().ToString(), instanceId, seq = 2, activity = "done", type = "Finish", outcome = (string?)null, now },
            }, tx);
    }

    private static async Task<List<Guid>> SeedAsync(SqliteConnection connection, WorkflowEngine engine, IWorkflowHost host, int count)
    {
        var store = new WorkflowDefinitionStore(WorkflowDialect.Sqlite, TimeProvider.System);
        await using (var tx = connection.BeginTransaction())
        {
            var session = new WorkflowSession(connection, tx);
            var saved = await store.SaveDraftAsync(session, Definition, DefinitionFormat.Yaml);
            await store.PublishAsync(session, "one-task", saved.Version!.Value);
            await tx.CommitAsync();
        }

        List<Guid> bookmarks = [];
        await using (var tx = connection.BeginTransaction())
        {
            for (var i = 0; i < count; i++)
            {
                var started = await engine.StartAsync(new WorkflowSession(connection, tx), host, new StartWorkflow("one-task", $"c{i}"));
                bookmarks.Add(started.CreatedBookmarks[0].Id);
            }

            await tx.CommitAsync();
        }

        return bookmarks;
    }

    private static async Task<TempDatabase> OpenAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"incident-bench-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await connection.ExecuteAsync("pragma journal_mode = wal; pragma synchronous = normal;");
        var migration = FindMigration();
        await connection.ExecuteAsync(await File.ReadAllTextAsync(migration));
        return new TempDatabase(connection, file);
    }

    private static string FindMigration()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "db", "sqlite", "0010_create_workflow_tables.sql");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("db/sqlite/0010_create_workflow_tables.sql not found above the bench binaries");
    }

    private sealed class TempDatabase(SqliteConnection connection, string file) : IAsyncDisposable
    {
        public SqliteConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
