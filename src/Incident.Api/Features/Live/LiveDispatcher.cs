using System.Threading.Channels;
using Dapper;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Database;
using Microsoft.AspNetCore.SignalR;

namespace Incident.Api.Features.Live;

/// <summary>
/// The one loop that pushes events to this node's connections, strictly in seq order and each
/// seq once (ADR-0009). Its inputs are hints: events this node just committed, a NOTIFY from
/// another node, or the poll timer. It keeps a cursor and delivers only <c>seq &gt; cursor</c>:
/// a contiguous local batch directly, anything else by reading the events table, so a hint that
/// arrives late, twice or never changes nothing (ADR-0006: committed seqs form a prefix).
/// </summary>
public sealed partial class LiveDispatcher(
    SqlDialect dialect,
    LiveEvents live,
    IHubContext<IncidentHub> hub,
    LiveWatchers watchers,
    ILogger<LiveDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int PageSize = 500;

    private readonly Channel<TimelineEvent?> hints = Channel.CreateUnbounded<TimelineEvent?>(
        new UnboundedChannelOptions { SingleReader = true });

    private long cursor = -1;

    /// <summary>The last seq delivered (or skipped at start-up); -1 until the loop has started.</summary>
    public long Cursor => Interlocked.Read(ref cursor);

    /// <summary>An event this node committed, handed over by LiveEvents right after commit.</summary>
    public void Committed(TimelineEvent e) => hints.Writer.TryWrite(e);

    /// <summary>Something may have been committed elsewhere: look in the database.</summary>
    public void Poke() => hints.Writer.TryWrite(null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(Committed);
        Interlocked.Exchange(ref cursor, await StartingCursorAsync(stoppingToken));
        var local = new List<TimelineEvent>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var lookInDatabase = !await WaitForHintAsync(stoppingToken);
            local.Clear();
            while (hints.Reader.TryRead(out var hint))
            {
                if (hint is null)
                {
                    lookInDatabase = true;
                }
                else if (hint.Seq > Cursor)
                {
                    local.Add(hint);
                }
            }

            try
            {
                local.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                if (!lookInDatabase && IsContiguous(local, Cursor))
                {
                    await DeliverAsync(local, stoppingToken);
                }
                else if (lookInDatabase || local.Count > 0)
                {
                    await CatchUpAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, Cursor, e);
            }
        }
    }

    private async Task<bool> WaitForHintAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(PollInterval);
        try
        {
            return await hints.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool IsContiguous(List<TimelineEvent> events, long cursor)
    {
        var expected = cursor + 1;
        foreach (var e in events)
        {
            if (e.Seq != expected)
            {
                return false;
            }

            expected++;
        }

        return true;
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            var page = await ReadAfterAsync(Cursor, ct);
            await DeliverAsync(page, ct);
            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(IReadOnlyList<TimelineEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (e.Seq <= Cursor)
            {
                continue;
            }

            // Awaited one by one: each connection's writes then happen in seq order.
            await hub.Clients.Groups(LiveGroups.For(e)).SendAsync(IncidentHub.EventMethod, e, ct);
            var uncovered = watchers.Uncovered(e);
            if (uncovered.Count > 0)
            {
                await hub.Clients.Clients(uncovered).SendAsync(IncidentHub.EventMethod, e, ct);
            }

            Interlocked.Exchange(ref cursor, e.Seq);
        }
    }

    private async Task<long> StartingCursorAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await using var connection = dialect.CreateConnection();
                await connection.OpenAsync(ct);
                return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    """
                    select max(seq)
                    from events
                    """,
                    cancellationToken: ct)) ?? 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, -1, e);
                await Task.Delay(PollInterval, ct);
            }
        }
    }

    private async Task<List<TimelineEvent>> ReadAfterAsync(long after, CancellationToken ct)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            select {EventsSinceHandler.Columns}
            from events e
            where e.seq > @cursor
            order by e.seq
            {dialect.Page}
            """,
            new { cursor = after, skip = 0, take = PageSize },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToEvent())];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live delivery after seq {Cursor} failed; retrying on the next hint or poll")]
    private static partial void LogFailed(ILogger logger, long cursor, Exception error);
}
