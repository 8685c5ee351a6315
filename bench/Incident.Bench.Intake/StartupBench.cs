using System.Diagnostics;
using System.Net.Http.Json;
using Dapper;
using Incident.Api;
using Incident.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue #3: start-up cost must not grow with the data. Starts the API as a real child process on
/// an empty database and on one holding 100,000 workflow instances (each with a bookmark) and 50
/// published versions of the default definition; times process start → /health/ready = 200, then
/// the first incident opened (which selects among the 50 versions and starts an instance).
/// </summary>
internal static class StartupBench
{
    private const int Instances = 100_000;
    private const int Versions = 50;
    private const int Runs = 3;
    private const string SigningKey = "bench-signing-key-0123456789-0123456789";

    public static async Task<int> RunAsync(string provider)
    {
        var (emptyProvider, emptyCs, emptyCleanup) = await BenchDatabase.CreateAsync(provider);
        var (loadedProvider, loadedCs, loadedCleanup) = await BenchDatabase.CreateAsync(provider);
        try
        {
            await PrepareAsync(emptyProvider, emptyCs, load: false);
            var fill = Stopwatch.StartNew();
            await PrepareAsync(loadedProvider, loadedCs, load: true);
            Console.WriteLine($"provider={provider}: loaded {Instances:N0} instances + {Versions} versions in {fill.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine("database   run  ready ms  first-open ms");
            var empty = new List<(double, double)>();
            var loaded = new List<(double, double)>();
            for (var run = 1; run <= Runs; run++)
            {
                // Alternate so machine noise hits both alike.
                empty.Add(await StartOnceAsync(emptyProvider, emptyCs));
                loaded.Add(await StartOnceAsync(loadedProvider, loadedCs));
                Console.WriteLine($"empty      {run,3}  {empty[^1].Item1,8:0}  {empty[^1].Item2,13:0.0}");
                Console.WriteLine($"loaded     {run,3}  {loaded[^1].Item1,8:0}  {loaded[^1].Item2,13:0.0}");
            }

            double Median(IEnumerable<double> xs) => xs.Order().ElementAt(Runs / 2);
            Console.WriteLine($"median ready: empty {Median(empty.Select(e => e.Item1)):0} ms, loaded {Median(loaded.Select(e => e.Item1)):0} ms, " +
                $"ratio loaded/empty {Median(loaded.Select(e => e.Item1)) / Median(empty.Select(e => e.Item1)):0.00}");
            Console.WriteLine($"median first open: empty {Median(empty.Select(e => e.Item2)):0.0} ms, loaded {Median(loaded.Select(e => e.Item2)):0.0} ms");
            return 0;
        }
        finally
        {
            await emptyCleanup();
            await loadedCleanup();
        }
    }

    private static string[] Args(DatabaseProvider provider, string cs, string urls) =>
    [
        $"--urls={urls}",
        $"--Incident:Database:Provider={provider}",
        $"--Incident:Database:ConnectionString={cs}",
        "--Incident:DemoData=true",
        $"--Incident:Auth:SigningKey={SigningKey}",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>Migrates and seeds in-process; for the loaded database also opens one incident and clones its instance.</summary>
    private static async Task PrepareAsync(DatabaseProvider provider, string cs, bool load)
    {
        await using var app = IncidentApp.Build(Args(provider, cs, "http://127.0.0.1:0"));
        await app.PrepareAsync();
        if (!load)
        {
            return;
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        await BenchServer.SignInAsync(http);
        (await http.PostAsJsonAsync("/api/incidents", Body)).EnsureSuccessStatusCode();
        await app.StopAsync();

        await using var connection = app.Services.GetRequiredService<SqlDialect>().CreateConnection();
        await connection.OpenAsync();
        var sqlite = provider == DatabaseProvider.Sqlite;
        var newId = sqlite ? "lower(hex(randomblob(16)))" : "gen_random_uuid()";
        var series = sqlite
            ? $"with recursive n(i) as (select 1 union all select i + 1 from n where i < {Versions})"
            : "";
        var versionSource = sqlite ? "n" : $"generate_series(2, {Versions}) as n(i)";
        await connection.ExecuteAsync(
            $"""
            {series}
            insert into workflow_definitions (definition_id, version, name, status, document, format, created_at, published_at)
            select d.definition_id, n.i, d.name, 'published', d.document, d.format, d.created_at, d.published_at
            from {versionSource}, workflow_definitions d
            where d.definition_id = 'emergency-response' and d.version = 1 and n.i > 1
            """);
        var instanceSeries = sqlite
            ? $"with recursive n(i) as (select 1 union all select i + 1 from n where i < {Instances - 1})"
            : "";
        var instanceSource = sqlite ? "n" : $"generate_series(1, {Instances - 1}) as n(i)";
        await connection.ExecuteAsync(
            $"""
            {instanceSeries}
            insert into workflow_instances (id, definition_id, definition_version, correlation_id, status, variables, state, version, created_at, updated_at, finished_at)
            select {newId}, t.definition_id, t.definition_version, {(sqlite ? newId : "gen_random_uuid()::text")}, t.status, t.variables, t.state, t.version, t.created_at, t.updated_at, null
            from {instanceSource}, (select * from workflow_instances limit 1) t
            """, commandTimeout: 600);
        await connection.ExecuteAsync(
            $"""
            insert into workflow_bookmarks (id, instance_id, activity_id, name, hash, payload, due_at, metadata, created_at)
            select {newId}, i.id, b.activity_id, b.name, {(sqlite ? newId : "gen_random_uuid()::text")}, b.payload, b.due_at, b.metadata, b.created_at
            from workflow_instances i, (select * from workflow_bookmarks limit 1) b
            where i.id <> b.instance_id
            """, commandTimeout: 600);
        var count = await connection.ExecuteScalarAsync<long>("select count(*) from workflow_instances");
        if (count < Instances)
        {
            throw new InvalidOperationException($"Only {count} instances were created.");
        }
    }

    private static async Task<(double ReadyMs, double FirstOpenMs)> StartOnceAsync(DatabaseProvider provider, string cs)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(AppContext.BaseDirectory, "Incident.Api.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in Args(provider, cs, url))
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(2) || process.HasExited)
                {
                    throw new InvalidOperationException("The API did not become ready.");
                }

                await Task.Delay(10);
            }

            var ready = clock.Elapsed.TotalMilliseconds;
            await BenchServer.SignInAsync(http);
            var open = Stopwatch.StartNew();
            (await http.PostAsJsonAsync("/api/incidents", Body)).EnsureSuccessStatusCode();
            return (ready, open.Elapsed.TotalMilliseconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static readonly object Body = new { title = "Start-up bench", summary = "s", businessLine = "douyin", category = "fraud-scam", severity = "S2", source = "operator" };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
