using System.Data.Common;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Incident.Workflows.Tests.Support;

/// A throwaway database per test class, for the provider the run selects:
/// INCIDENT_TEST_PROVIDER = sqlite (default) | postgres; postgres needs INCIDENT_TEST_PG
/// (an admin connection string). The test script runs the suite once per provider.
public sealed class DatabaseFixture : IAsyncLifetime
{
    private string _connectionString = "";
    private string? _sqliteFile;
    private string? _pgDatabase;
    private string? _pgAdmin;

    public static string Provider { get; } = (Environment.GetEnvironmentVariable("INCIDENT_TEST_PROVIDER") ?? "sqlite").Trim().ToLowerInvariant();

    public WorkflowDialect Dialect { get; } = Provider switch
    {
        "sqlite" => WorkflowDialect.Sqlite,
        "postgres" or "postgresql" => WorkflowDialect.PostgreSql,
        _ => throw new InvalidOperationException($"INCIDENT_TEST_PROVIDER '{Provider}' is not sqlite or postgres"),
    };

    public async Task InitializeAsync()
    {
        if (Dialect == WorkflowDialect.Sqlite)
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"incident-wf-{Guid.NewGuid():N}.db");
            _connectionString = new SqliteConnectionStringBuilder { DataSource = _sqliteFile, DefaultTimeout = 60, Pooling = true }.ToString();
            await using var connection = await OpenAsync();
            await Execute(connection, "pragma journal_mode = wal;");
            await Execute(connection, await System.IO.File.ReadAllTextAsync(Repo.File("db", "sqlite", "0010_create_workflow_tables.sql")));
            return;
        }

        _pgAdmin = Environment.GetEnvironmentVariable("INCIDENT_TEST_PG")
            ?? throw new InvalidOperationException("INCIDENT_TEST_PROVIDER=postgres needs INCIDENT_TEST_PG (an admin connection string)");
        _pgDatabase = $"wf_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(_pgAdmin))
        {
            await admin.OpenAsync();
            await Execute(admin, $"create database {_pgDatabase}");
        }

        _connectionString = new NpgsqlConnectionStringBuilder(_pgAdmin) { Database = _pgDatabase }.ToString();
        await using var db = await OpenAsync();
        await Execute(db, await System.IO.File.ReadAllTextAsync(Repo.File("db", "postgres", "0010_create_workflow_tables.sql")));
    }

    public async Task DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                System.IO.File.Delete(file);
            }
        }

        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_pgAdmin);
            await admin.OpenAsync();
            await Execute(admin, $"drop database if exists {_pgDatabase} with (force)");
        }
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Dialect == WorkflowDialect.Sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// One command = one transaction, as the API does (SQLite: BEGIN IMMEDIATE serializes writers).
    public async Task<T> InTransaction<T>(Func<WorkflowSession, Task<T>> work, bool commit = true)
    {
        await using var connection = await OpenAsync();
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync();
        var result = await work(new WorkflowSession(connection, transaction));
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return result;
    }

    public async Task<long> Count(string table, string where = "1 = 1")
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"select count(*) from {table} where {where}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
