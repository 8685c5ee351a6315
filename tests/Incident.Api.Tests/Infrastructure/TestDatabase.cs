using Incident.Api.Infrastructure.Database;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database per fixture on the provider the test run is for:
/// INCIDENT_TEST_PROVIDER = sqlite (default) | postgres (INCIDENT_TEST_PG = admin connection string)
/// | sqlserver (INCIDENT_TEST_SQLSERVER = admin connection string). The README's test command sets them.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? dropName;
    private readonly string? adminConnectionString;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? dropName, string? adminConnectionString, string? directory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.dropName = dropName;
        this.adminConnectionString = adminConnectionString;
        Directory = directory;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string? Directory { get; }

    public static DatabaseProvider ProviderUnderTest => (Environment.GetEnvironmentVariable("INCIDENT_TEST_PROVIDER") ?? "sqlite") switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" => DatabaseProvider.Postgres,
        "sqlserver" => DatabaseProvider.SqlServer,
        var other => throw new InvalidOperationException($"INCIDENT_TEST_PROVIDER '{other}' is not sqlite, postgres or sqlserver."),
    };

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"incident_test_{Guid.NewGuid():N}";
        switch (ProviderUnderTest)
        {
            case DatabaseProvider.Postgres:
            {
                var admin = Required("INCIDENT_TEST_PG");
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var create = new NpgsqlCommand($"create database {name}", connection);
                    await create.ExecuteNonQueryAsync();
                }

                var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 60 };
                return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, name, admin, null);
            }

            case DatabaseProvider.SqlServer:
            {
                var admin = Required("INCIDENT_TEST_SQLSERVER");
                await using (var connection = new SqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var create = new SqlCommand($"create database {name}", connection);
                    await create.ExecuteNonQueryAsync();
                }

                var builder = new SqlConnectionStringBuilder(admin) { InitialCatalog = name };
                return new TestDatabase(DatabaseProvider.SqlServer, builder.ConnectionString, name, admin, null);
            }

            default:
            {
                var directory = Path.Combine(Path.GetTempPath(), name);
                System.IO.Directory.CreateDirectory(directory);
                var file = Path.Combine(directory, "incident.db");
                return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=True;Default Timeout=30", null, null, directory);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres && dropName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {dropName} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else if (Provider == DatabaseProvider.SqlServer && dropName is not null)
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new SqlCommand($"alter database {dropName} set single_user with rollback immediate; drop database {dropName}", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else if (Directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finalising connection is left in the temp folder; harmless.
            }
        }
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable)
        ?? throw new InvalidOperationException($"{variable} must hold an admin connection string; the README's test command sets it.");
}
