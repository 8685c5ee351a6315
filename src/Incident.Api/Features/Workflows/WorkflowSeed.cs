using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Workflows.Definitions;
using Incident.Workflows.Runtime;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// API.md "Running it": an empty workflow_definitions table gets every definition of workflows/
/// (embedded in this assembly), saved and published. Runs at start, before the server listens.
/// </summary>
public static partial class WorkflowSeed
{
    // Any fixed number shared by all nodes: two nodes starting together must not seed twice.
    private const long PostgresLockKey = 7_401_202_612;

    public static IReadOnlyList<(string Name, string Document)> Embedded()
    {
        var assembly = typeof(WorkflowSeed).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("workflows/", StringComparison.Ordinal) && (n.EndsWith(".yaml", StringComparison.Ordinal) || n.EndsWith(".yml", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n, reader.ReadToEnd());
            })];
    }

    public static async Task EnsureAsync(IServiceProvider root, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var session = services.GetRequiredService<DbSession>();
        var definitions = services.GetRequiredService<WorkflowDefinitionStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Incident.Startup");

        // SQLite's transactions begin immediate (one writer); PostgreSQL takes an advisory lock
        // until commit; SQL Server holds a table lock: the second node waits, then sees the rows.
        await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var count = session.Dialect.Provider switch
        {
            DatabaseProvider.Postgres => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                select count(*)
                from workflow_definitions, (select pg_advisory_xact_lock(@key)) l
                """,
                new { key = PostgresLockKey }, session.Transaction, cancellationToken: ct)),
            DatabaseProvider.SqlServer => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                select count_big(*)
                from workflow_definitions with (tablockx, holdlock)
                """,
                transaction: session.Transaction, cancellationToken: ct)),
            _ => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                select count(*)
                from workflow_definitions
                """,
                transaction: session.Transaction, cancellationToken: ct)),
        };
        if (count > 0)
        {
            await session.CommitAsync(ct);
            return;
        }

        var workflowSession = new WorkflowSession(connection, session.Transaction);
        foreach (var (name, document) in Embedded())
        {
            var saved = await definitions.SaveDraftAsync(workflowSession, document, DefinitionFormat.Yaml, ct);
            if (saved.Version is not { } version)
            {
                throw new InvalidOperationException(
                    $"The seeded workflow {name} does not validate: {string.Join("; ", saved.Parse.Problems.Select(p => $"{p.ActivityId ?? p.Path}: {p.Message}"))}");
            }

            await definitions.PublishAsync(workflowSession, saved.Parse.Definition!.Id, version, ct);
            LogSeeded(logger, saved.Parse.Definition.Id, version);
        }

        await session.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded and published workflow {DefinitionId} v{Version}")]
    private static partial void LogSeeded(ILogger logger, string definitionId, int version);
}
