using System.Data;
using System.Data.Common;
using Incident.Api.Features.Timeline;
using Microsoft.Data.Sqlite;

namespace Incident.Api.Infrastructure.Database;

/// <summary>
/// The request's connection and, for commands, its one transaction (TransactionBehavior owns
/// begin/commit). Stores and the workflow engine write through it, so an incident change, its
/// workflow state and its timeline events commit together or not at all.
/// </summary>
public sealed class DbSession(SqlDialect dialect) : IAsyncDisposable
{
    private readonly List<TimelineEvent> recorded = [];
    private DbConnection? connection;
    private SemaphoreSlim? gate;

    public SqlDialect Dialect => dialect;

    public DbTransaction? Transaction { get; private set; }

    /// <summary>Remembers an event written in the open transaction, to push once it commits.</summary>
    public void RecordEvent(TimelineEvent e) => recorded.Add(e);

    /// <summary>Hands over (and forgets) the events recorded so far.</summary>
    public IReadOnlyList<TimelineEvent> TakeCommittedEvents()
    {
        var events = recorded.ToArray();
        recorded.Clear();
        return events;
    }

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default)
    {
        if (connection is not null)
        {
            return connection;
        }

        connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "pragma busy_timeout = 10000; pragma foreign_keys = on;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }

    public async Task BeginAsync(CancellationToken ct)
    {
        if (Transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on this session.");
        }

        var open = await ConnectionAsync(ct);
        if (dialect is SqliteDialect sqlite)
        {
            await sqlite.WriteGate.WaitAsync(ct);
            gate = sqlite.WriteGate;
        }

        try
        {
            Transaction = await open.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        }
        catch
        {
            ReleaseGate();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (Transaction is null)
        {
            return;
        }

        try
        {
            await Transaction.CommitAsync(ct);
            await Transaction.DisposeAsync();
            Transaction = null;
        }
        finally
        {
            ReleaseGate();
        }
    }

    public async Task RollbackAsync()
    {
        if (Transaction is null)
        {
            return;
        }

        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
            await Transaction.DisposeAsync();
            Transaction = null;
        }
        finally
        {
            ReleaseGate();
        }
    }

    private void ReleaseGate()
    {
        gate?.Release();
        gate = null;
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
