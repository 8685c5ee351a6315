// Issue 5: (1) detector throughput, points/s on one core, over the NAB files held in memory (target ≥ 1M/s);
// (2) ingest throughput of POST /api/signals (10,000-point JSON batches) against the same IngestSignals
// use case sent in-process (no HTTP), and against the bare point inserts (no scoring, no pipeline).
// Usage: dotnet run -c Release --project bench/Incident.Bench.Detector -- [nab-data-dir] [sqlite|postgres] [batches]
// (3) `sweep`: a grid of configurations over NAB files for the held-out evaluation (NabSweep.cs, ADR-0012).
using System.Diagnostics;
using System.Net.Http.Json;
using Incident.Api.Features.Signals;
using Incident.Api.Features.Signals.Detection;
using Incident.Api.Infrastructure.Database;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

if (args is ["sweep", ..])
{
    return NabSweep.Run(args[1..]);
}

var nab = args.Length > 0 ? args[0] : "/work/shared/data/nab/data";
var provider = args.Length > 1 ? args[1] : "sqlite";
var batches = args.Length > 2 ? int.Parse(args[2]) : 10;

// One core: the detector is single-threaded per series; pin the process so the figure is per core.
if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1;
}

var files = Directory.GetFiles(nab, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
var series = files.Select(f => { using var r = new StreamReader(f); return CsvScoring.Read(r); }).ToList();
var total = series.Sum(s => s.Count);
Console.WriteLine($"NAB: {files.Count} files, {total:N0} points in memory");
var rates = new List<double>();
var checksum = 0.0;
for (var round = 0; round < 6; round++)
{
    var watch = Stopwatch.StartNew();
    foreach (var points in series)
    {
        var detector = new AnomalyDetector();
        foreach (var p in points)
        {
            checksum += detector.Score(p.Timestamp, p.Value);
        }
    }

    watch.Stop();
    if (round > 0)
    {
        rates.Add(total / watch.Elapsed.TotalSeconds);
    }
}

rates.Sort();
Console.WriteLine($"detector (1 core): median {rates[rates.Count / 2]:N0} points/s, best {rates[^1]:N0} points/s (checksum {checksum:0.0})");
if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
{
    Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << Environment.ProcessorCount) - 1);
}

var (dbProvider, connectionString, cleanup) = await BenchDatabase.CreateAsync(provider);
try
{
    var (app, http) = await BenchServer.StartAsync(dbProvider, connectionString, new SocketsHttpHandler());
    using var client = http;

    // realTweets-like steady counts: one point a minute, no spikes, so no incident work skews the figure.
    var values = series.OrderByDescending(s => s.Count).First().Select(p => p.Value).ToArray();
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    SignalPoint[] Batch(int b) => [.. Enumerable.Range(0, SignalOptions.MaxPointsPerBatch)
        .Select(i => new SignalPoint(start.AddMinutes((b * SignalOptions.MaxPointsPerBatch) + i), values[((b * SignalOptions.MaxPointsPerBatch) + i) % values.Length]))];

    async Task ViaHttp(int b)
    {
        var body = new { series = new { businessLine = "douyin", category = "fraud-scam", metric = "bench-http" }, points = Batch(b).Select(p => new { timestamp = p.Timestamp, value = p.Value }) };
        var response = await http.PostAsJsonAsync("/api/signals", body);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    async Task InProcess(int b)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var inputs = Batch(b).Select((p, i) => new SignalPointInput($"points[{i}]", p.Timestamp.ToString("O"), p.Value.ToString("R"))).ToList();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new IngestSignals(new SeriesKey("douyin", "fraud-scam", "bench-direct"), inputs, MonitoringIncidents.System));
    }

    Guid? rawSeries = null;
    async Task InsertsOnly(int b)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var store = scope.ServiceProvider.GetRequiredService<SignalStore>();
        await session.BeginAsync(default);
        var now = DateTimeOffset.UtcNow;
        rawSeries ??= (await store.LockSeriesAsync("douyin", "fraud-scam", "bench-inserts", now, default)).Id;
        await store.InsertPointsAsync(rawSeries.Value, [.. Batch(b).Select(p => new ScoredPoint(p.Timestamp, p.Value, 0))], default);
        await session.CommitAsync(default);
    }

    async Task<double> Run(Func<int, Task> path)
    {
        var watch = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            await path(b);
        }

        return batches * SignalOptions.MaxPointsPerBatch / watch.Elapsed.TotalSeconds;
    }

    Console.WriteLine($"ingest on {provider}: {batches} batches of {SignalOptions.MaxPointsPerBatch:N0} points per path, sequential");
    var direct = await Run(InProcess);
    var viaHttp = await Run(ViaHttp);
    var inserts = await Run(InsertsOnly);
    Console.WriteLine($"  http POST /api/signals      {viaHttp,12:N0} points/s");
    Console.WriteLine($"  in-process IngestSignals    {direct,12:N0} points/s");
    Console.WriteLine($"  point inserts only          {inserts,12:N0} points/s");
    Console.WriteLine($"  ratio http / in-process     {viaHttp / direct,12:0.00}");
    Console.WriteLine($"  ratio http / inserts only   {viaHttp / inserts,12:0.00}");
    await app.StopAsync();
}
finally
{
    await cleanup();
}

return 0;

