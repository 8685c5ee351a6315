using Incident.Api.Infrastructure.Database;
using Npgsql;

/// <summary>A fresh database for one benchmark run: a temp SQLite file, or a new database on INCIDENT_BENCH_PG.</summary>
internal static class BenchDatabase
{
    public static async Task<(DatabaseProvider Provider, string ConnectionString, Func<Task> Cleanup)> CreateAsync(string provider)
    {
        var name = $"incident_bench_{Guid.NewGuid():N}";
        if (provider == "postgres")
        {
            var admin = Environment.GetEnvironmentVariable("INCIDENT_BENCH_PG")
                ?? throw new InvalidOperationException("INCIDENT_BENCH_PG must hold an admin connection string (scripts/bench.sh sets it).");
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"create database {name}", connection);
                await create.ExecuteNonQueryAsync();
            }

            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 64 }.ConnectionString;
            return (DatabaseProvider.Postgres, cs, async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
                await drop.ExecuteNonQueryAsync();
            });
        }

        var directory = Path.Combine(Path.GetTempPath(), name);
        Directory.CreateDirectory(directory);
        return (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, "incident.db")};Pooling=True;Default Timeout=30", () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }
}
