using System.Diagnostics;
using System.Globalization;

namespace Incident.Bench.Live;

/// <summary>The parent's handle on one <see cref="ClientProcess"/>: this executable started with <c>--clients</c>.</summary>
internal sealed class ClientChild
{
    private readonly List<string> endpoints = [];
    private readonly List<(long Seq, long At)> receipts = [];
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;
    private long received;

    public long Received => Interlocked.Read(ref received);

    public void Add(string endpoint) => endpoints.Add(endpoint);

    public async Task StartAsync()
    {
        var self = Environment.ProcessPath!;
        var info = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { typeof(ClientChild).Assembly.Location, "--clients" } }
            : new ProcessStartInfo(self) { ArgumentList = { "--clients" } };
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;

        // Workstation GC: the clients should take as little of the two cores as they can.
        info.Environment["DOTNET_gcServer"] = "0";
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        foreach (var endpoint in endpoints)
        {
            await process.StandardInput.WriteLineAsync(endpoint);
        }

        await process.StandardInput.WriteLineAsync();
        await process.StandardInput.FlushAsync();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async Task<IReadOnlyList<(long Seq, long At)>> ReportAsync()
    {
        await process!.StandardInput.WriteLineAsync("report");
        await process.StandardInput.FlushAsync();
        await reported.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync();
        process.Dispose();
        return receipts;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            ready.TrySetException(new InvalidOperationException("a client process ended early"));
            reported.TrySetResult();
        }
        else if (line.StartsWith("ready ", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
        else if (line.StartsWith("count ", StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref received, long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
        }
        else if (line == "end")
        {
            reported.TrySetResult();
        }
        else if (line.Split(' ') is [var seq, var at])
        {
            receipts.Add((long.Parse(seq, CultureInfo.InvariantCulture), long.Parse(at, CultureInfo.InvariantCulture)));
        }
    }
}
