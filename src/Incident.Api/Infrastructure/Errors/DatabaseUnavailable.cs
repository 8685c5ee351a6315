using System.Data.Common;
using System.Net.Sockets;

namespace Incident.Api.Infrastructure.Errors;

/// <summary>
/// ADR-0026: which exceptions mean "the database is not there right now" (refused or dropped
/// connections, connect and command timeouts, a pool that cannot open a connection, a busy SQLite
/// file) rather than a bug. Those are answered 503 with Retry-After; everything else stays a 500.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>The Retry-After a 503 carries: a restarting database is usually back within seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException or TimeoutException:
                    return true;
                case Npgsql.PostgresException pg:
                    // Class 08 connection exceptions, 57P01-03 admin/crash shutdown and cannot-connect-now, 53300 too many connections.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case Npgsql.NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case Microsoft.Data.Sqlite.SqliteException sqlite:
                    // SQLITE_BUSY (5), SQLITE_LOCKED (6): another writer holds the file past the busy timeout.
                    return sqlite.SqliteErrorCode is 5 or 6;
                case Microsoft.Data.SqlClient.SqlException sql when sql.IsTransient || sql.Number is -2 or 53 or 4060:
                    return true;
                case DbException { IsTransient: true }:
                    return true;
            }
        }

        return false;
    }
}
