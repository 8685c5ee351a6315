using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace Incident.Bench.Live;

/// <summary>
/// The receiving side of the live bench, run as separate processes so that 1,000 clients' parsing
/// and garbage collection do not pause the server they measure. Stopwatch timestamps are the
/// machine's monotonic clock, so the parent compares them with its commit timestamps directly.
/// Protocol on stdin/stdout, one line each: the parent writes one WebSocket URI per client
/// (prefix <c>hub </c> for SignalR, which needs the JSON handshake) and an empty line; the child
/// connects, prints <c>ready N</c>, then <c>count N</c> every 250 ms; on <c>report</c> it prints
/// <c>seq timestamp</c> for every event it received, then <c>end</c>, and exits.
/// </summary>
internal static class ClientProcess
{
    private static ReadOnlySpan<byte> EventTarget => "\"target\":\"event\""u8;

    private static ReadOnlySpan<byte> SeqProperty => "\"seq\":"u8;

    public static async Task<int> RunAsync()
    {
        var endpoints = new List<(Uri Uri, bool Hub)>();
        while (Console.ReadLine() is { Length: > 0 } line)
        {
            var hub = line.StartsWith("hub ", StringComparison.Ordinal);
            endpoints.Add((new Uri(hub ? line[4..] : line), hub));
        }

        var receipts = new List<(long Seq, long At)>[endpoints.Count];
        var sockets = new ClientWebSocket[endpoints.Count];
        var readers = new Task[endpoints.Count];
        var received = 0L;
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(endpoints.Select(async (endpoint, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var socket = new ClientWebSocket();
                await socket.ConnectAsync(endpoint.Uri, CancellationToken.None);
                if (endpoint.Hub)
                {
                    await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
                }

                sockets[i] = socket;
                receipts[i] = new List<(long, long)>(256);
                readers[i] = ReadAsync(socket, receipts[i], () => Interlocked.Increment(ref received));
            }
            finally
            {
                gate.Release();
            }
        }));

        Console.WriteLine($"ready {endpoints.Count}");
        using var stop = new CancellationTokenSource();
        var counting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Console.WriteLine($"count {Interlocked.Read(ref received)}");
                await Task.Delay(250, CancellationToken.None);
            }
        });

        while (Console.ReadLine() is { } command && command != "report")
        {
        }

        await stop.CancelAsync();
        await counting;
        foreach (var socket in sockets)
        {
            socket.Abort();
        }

        await Task.WhenAll(readers);
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        foreach (var list in receipts)
        {
            foreach (var (seq, at) in list)
            {
                output.Write(seq.ToString(CultureInfo.InvariantCulture));
                output.Write(' ');
                output.WriteLine(at.ToString(CultureInfo.InvariantCulture));
            }
        }

        output.WriteLine("end");
        await output.FlushAsync();
        return 0;
    }

    private static async Task ReadAsync(ClientWebSocket socket, List<(long Seq, long At)> receipts, Action count)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var at = 0L;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                // The time the first fragment of a message arrived is its delivery time.
                if (filled == 0)
                {
                    at = Stopwatch.GetTimestamp();
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    continue;
                }

                // One WebSocket message may carry several records, each ending in 0x1E.
                var message = buffer.AsSpan(0, filled);
                while (message.Length > 0)
                {
                    var end = message.IndexOf((byte)0x1E);
                    var record = end < 0 ? message : message[..end];
                    if (TrySeq(record, out var seq))
                    {
                        receipts.Add((seq, at));
                        count();
                    }

                    message = end < 0 ? default : message[(end + 1)..];
                }

                filled = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The parent ended the phase.
        }
    }

    /// <summary>
    /// The seq of an <c>event</c> invocation without parsing the whole JSON: the first <c>"seq":</c>
    /// after the target is the event's own (the hub writes the target before the arguments, and the
    /// raw baseline sends the same bytes).
    /// </summary>
    private static bool TrySeq(ReadOnlySpan<byte> record, out long seq)
    {
        seq = 0;
        var target = record.IndexOf(EventTarget);
        if (target < 0)
        {
            return false;
        }

        var rest = record[(target + EventTarget.Length)..];
        var property = rest.IndexOf(SeqProperty);
        return property >= 0 && Utf8Parser.TryParse(rest[(property + SeqProperty.Length)..], out seq, out _);
    }
}
