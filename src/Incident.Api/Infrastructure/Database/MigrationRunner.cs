using System.Data.Common;
using System.Reflection;
using Dapper;

namespace Incident.Api.Infrastructure.Database;

/// <summary>
/// ADR-0004: forward-only SQL files db/&lt;provider&gt;/NNNN_name.sql, embedded in the assembly,
/// applied in order, each in its own transaction, recorded in schema_migrations.
/// </summary>
public sealed partial class MigrationRunner(SqlDialect dialect, ILogger<MigrationRunner> logger)
{
    // Any fixed number shared by all nodes: concurrent starts must not migrate twice.
    private const long PostgresLockKey = 7_401_202_611;

    public static IReadOnlyList<(string Version, string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"db/{provider.ToString().ToLowerInvariant()}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                return (file.Split('_', 2)[0], file, Read(assembly, n));
            })
            .ToList();
    }

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        await PrepareAsync(connection, ct);
        try
        {
            var applied = (await connection.QueryAsync<string>("select version from schema_migrations")).ToHashSet();
            var count = 0;
            foreach (var (version, name, sql) in Scripts(dialect.Provider))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(
                    "insert into schema_migrations (version, name, applied_at) values (@version, @name, @appliedAt)",
                    new { version, name, appliedAt = DateTimeOffset.UtcNow },
                    tx);
                await tx.CommitAsync(ct);
                LogApplied(logger, name, dialect.Provider);
                count++;
            }

            return count;
        }
        finally
        {
            if (dialect.Provider == DatabaseProvider.Postgres)
            {
                await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = PostgresLockKey });
            }
        }
    }

    private async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        switch (dialect.Provider)
        {
            case DatabaseProvider.Sqlite:
                await connection.ExecuteAsync("pragma journal_mode = wal; pragma busy_timeout = 10000;");
                await connection.ExecuteAsync(
                    "create table if not exists schema_migrations (version text primary key, name text not null, applied_at text not null)");
                break;
            case DatabaseProvider.Postgres:
                await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = PostgresLockKey }, cancellationToken: ct));
                await connection.ExecuteAsync(
                    "create table if not exists schema_migrations (version text primary key, name text not null, applied_at timestamptz not null)");
                break;
            case DatabaseProvider.SqlServer:
                await connection.ExecuteAsync(
                    """
                    if object_id('schema_migrations') is null
                        create table schema_migrations (version nvarchar(20) primary key, name nvarchar(200) not null, applied_at datetimeoffset not null)
                    """);
                break;
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Name} on {Provider}")]
    private static partial void LogApplied(ILogger logger, string name, DatabaseProvider provider);
}
