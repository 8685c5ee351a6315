using System.Threading.Channels;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Database;
using Npgsql;

namespace Incident.Api.Features.Live;

/// <summary>
/// Multi-node fan-out on PostgreSQL (ADR-0009, DESIGN.md "Scale-out"): after a commit this node
/// NOTIFYs the highest seq it wrote; every node LISTENs and pokes its dispatcher, which reads the
/// events table past its cursor. A lost notification only delays delivery to the next poll.
/// On SQLite (one node by definition) it does nothing.
/// </summary>
public sealed partial class PostgresEventSignal(
    SqlDialect dialect,
    LiveEvents live,
    LiveDispatcher dispatcher,
    ILogger<PostgresEventSignal> logger) : BackgroundService
{
    public const string Channel = "incident_events";

    private readonly Channel<long> committed = System.Threading.Channels.Channel.CreateUnbounded<long>(
        new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dialect is not PostgresDialect postgres)
        {
            return;
        }

        using var subscription = live.Subscribe(e => committed.Writer.TryWrite(e.Seq));
        await Task.WhenAll(ListenAsync(postgres.DataSource, stoppingToken), NotifyAsync(postgres.DataSource, stoppingToken));
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => dispatcher.Poke();
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                // Whatever was committed while not listening is found by this read.
                dispatcher.Poke();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogListenFailed(logger, e);
                await Task.Delay(LiveDispatcher.PollInterval, ct);
            }
        }
    }

    private async Task NotifyAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        while (await committed.Reader.WaitToReadAsync(ct))
        {
            var seq = 0L;
            while (committed.Reader.TryRead(out var next))
            {
                seq = Math.Max(seq, next);
            }

            try
            {
                await using var command = dataSource.CreateCommand("select pg_notify(@channel, @payload)");
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("payload", seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogNotifyFailed(logger, seq, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN {Channel} failed; reconnecting (the poll covers the gap)", EventId = 1)]
    private static partial void LogListenFailedCore(ILogger logger, string channel, Exception error);

    private static void LogListenFailed(ILogger logger, Exception error) => LogListenFailedCore(logger, Channel, error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NOTIFY of seq {Seq} failed; other nodes pick it up on their poll", EventId = 2)]
    private static partial void LogNotifyFailed(ILogger logger, long seq, Exception error);
}
