// Incident intake through HTTP (POST /api/incidents → validation → one transaction → events → 201)
// against the database-only limit: the same store calls in the same transaction shape, from a plain
// loop on the same connection pool, no HTTP, no pipeline. Issue #2 target: HTTP / database-only ≥ 0.7
// at concurrency 32. Usage: dotnet run -c Release --project bench/Incident.Bench.Intake -- [sqlite|postgres] [requests]
// Start-up cost (issue #3): ... -- startup [sqlite|postgres], see StartupBench.cs.
using System.Diagnostics;
using System.Net.Http.Json;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;

if (args is ["startup", ..])
{
    return await StartupBench.RunAsync(args.Length > 1 ? args[1] : "sqlite");
}

var provider = args.Length > 0 ? args[0] : "sqlite";
var requests = args.Length > 1 ? int.Parse(args[1]) : 2000;
var (dbProvider, connectionString, cleanup) = await BenchDatabase.CreateAsync(provider);
try
{
    var (app, http) = await BenchServer.StartAsync(dbProvider, connectionString, new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
    using var client = http;

    var viewer = new Viewer("operator1", "bench", [Roles.Operator], "risk-ops");
    var body = new { title = "Bench intake", summary = "Report volume spike", businessLine = "douyin", category = "fraud-scam", severity = "S3", source = "monitoring", tags = new[] { "bench" } };
    var fields = new OpenFields(body.title, body.summary, body.businessLine, body.category, body.severity, body.source, body.tags);
    var clock = app.Services.GetRequiredService<TimeProvider>();

    async Task ViaHttp()
    {
        var response = await http.PostAsJsonAsync("/api/incidents", body);
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}");
        }
    }

    async Task DatabaseOnly()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var store = scope.ServiceProvider.GetRequiredService<IncidentStore>();
        var workflows = scope.ServiceProvider.GetRequiredService<IncidentWorkflows>();
        await session.BeginAsync(default);
        var now = clock.GetUtcNow();
        var key = await store.NextKeyAsync(now.Year, default);
        var incident = RiskIncident.Open(Guid.CreateVersion7(now), key, fields, viewer.Department, viewer.Username, now);
        // The same writes as OpenIncident: incident row, workflow instance, bookmarks, journal, events.
        var run = await workflows.StartAsync(incident, viewer.Username, default);
        await workflows.SaveAsync(run, incident, newIncident: true, default);
        await session.CommitAsync(default);
    }

    Console.WriteLine($"provider={provider} requests={requests} (per run; warm-up {requests / 10} each)");
    Console.WriteLine("concurrency  path           ops/s     p50 ms   p99 ms");
    foreach (var concurrency in new[] { 1, 32 })
    {
        await Run(DatabaseOnly, requests / 10, concurrency);
        await Run(ViaHttp, requests / 10, concurrency);
        // Alternate the two paths so background noise on the shared machine hits both alike.
        var db = await Run(DatabaseOnly, requests, concurrency);
        var api = await Run(ViaHttp, requests, concurrency);
        Console.WriteLine($"{concurrency,11}  database-only  {db.Throughput,8:0}  {db.P50,7:0.00}  {db.P99,7:0.00}");
        Console.WriteLine($"{concurrency,11}  http           {api.Throughput,8:0}  {api.P50,7:0.00}  {api.P99,7:0.00}");
        Console.WriteLine($"{concurrency,11}  ratio http/db  {api.Throughput / db.Throughput,8:0.00}");
    }

    await app.StopAsync();
}
finally
{
    await cleanup();
}

return 0;

static async Task<(double Throughput, double P50, double P99)> Run(Func<Task> operation, int count, int concurrency)
{
    var latencies = new double[count];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    total.Stop();
    Array.Sort(latencies);
    return (count / total.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)]);
}

