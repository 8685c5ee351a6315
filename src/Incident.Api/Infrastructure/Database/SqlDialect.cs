using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Incident.Api.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>
/// The small seam between the three providers (ADR-0005): how to connect, and the handful of
/// clauses that differ. Every other statement is written once in portable SQL.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Folder under db/ holding this provider's migrations.</summary>
    public string MigrationFolder => Provider.ToString().ToLowerInvariant();

    public abstract DbConnection CreateConnection();

    /// <summary>Paging clause; the statement must already have an order by.</summary>
    public virtual string Page => "limit @take offset @skip";

    /// <summary>Appended after a select that must lock the rows it reads until commit.</summary>
    public virtual string ForUpdate => "for update";

    /// <summary>Table hint placed after the table name for the same purpose (SQL Server).</summary>
    public virtual string LockHint => "";

    /// <summary>Case-insensitive pattern match operator.</summary>
    public virtual string ILike => "like";

    /// <summary>Membership in a list parameter: Dapper expands lists, except for Npgsql, which binds an array.</summary>
    public virtual string InList(string column, string parameter) => $"{column} in {parameter}";

    /// <summary>Returning clause of an update that yields one column of the updated row.</summary>
    public virtual string UpdateReturning(string table, string assignments, string where, string column) =>
        $"update {table} set {assignments} where {where} returning {column}";

    /// <summary>An insert that silently does nothing when the primary key already exists.</summary>
    public virtual string InsertIgnore(string table, string columns, string values, string keyColumns) =>
        $"insert into {table} ({columns}) values ({values}) on conflict ({keyColumns}) do nothing";

    /// <summary>
    /// One statement that creates the counter row at 1 or increments it, returning the new value;
    /// one round trip while the row lock is held.
    /// </summary>
    public virtual string IncrementCounter(string table, string keyColumn, string valueColumn, string keyParameter) =>
        $"insert into {table} ({keyColumn}, {valueColumn}) values ({keyParameter}, 1) " +
        $"on conflict ({keyColumn}) do update set {valueColumn} = {table}.{valueColumn} + 1 returning {valueColumn}";

    public static SqlDialect For(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(connectionString),
        DatabaseProvider.Postgres => new PostgresDialect(connectionString),
        DatabaseProvider.SqlServer => new SqlServerDialect(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

public sealed class SqliteDialect(string connectionString) : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite has one writer at a time. Queueing writers here, asynchronously, replaces SQLite's
    /// busy handler, whose sleeps (up to 100 ms each) turn concurrent requests into a convoy.
    /// The embedded database belongs to one process, so an in-process gate is enough.
    /// </summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public override string ForUpdate => "";

    public override DbConnection CreateConnection() => new SqliteConnection(connectionString);
}

public sealed class PostgresDialect : SqlDialect, IDisposable
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresDialect(string connectionString) => dataSource = NpgsqlDataSource.Create(connectionString);

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ILike => "ilike";

    public override string InList(string column, string parameter) => $"{column} = any({parameter})";

    public NpgsqlDataSource DataSource => dataSource;

    public override DbConnection CreateConnection() => dataSource.CreateConnection();

    public void Dispose() => dataSource.Dispose();
}

public sealed class SqlServerDialect(string connectionString) : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string Page => "offset @skip rows fetch next @take rows only";

    public override string ForUpdate => "";

    public override string LockHint => "with (updlock, rowlock)";

    public override string UpdateReturning(string table, string assignments, string where, string column) =>
        $"update {table} set {assignments} output inserted.{column} where {where}";

    public override string InsertIgnore(string table, string columns, string values, string keyColumns)
    {
        var keys = keyColumns.Split(',', StringSplitOptions.TrimEntries);
        var columnList = columns.Split(',', StringSplitOptions.TrimEntries);
        var valueList = values.Split(',', StringSplitOptions.TrimEntries);
        var match = string.Join(" and ", keys.Select(k => $"{k} = {valueList[Array.IndexOf(columnList, k)]}"));
        return $"insert into {table} ({columns}) select {values} where not exists (select 1 from {table} with (updlock, holdlock) where {match})";
    }

    public override string IncrementCounter(string table, string keyColumn, string valueColumn, string keyParameter) =>
        $"merge {table} with (holdlock) as t using (select {keyParameter} as k) as s on t.{keyColumn} = s.k " +
        $"when matched then update set {valueColumn} = t.{valueColumn} + 1 " +
        $"when not matched then insert ({keyColumn}, {valueColumn}) values (s.k, 1) output inserted.{valueColumn};";

    public override DbConnection CreateConnection() => new SqlConnection(connectionString);
}
