// Issue 9 item 6: GET /api/governance/rules/{id}/effectiveness on PostgreSQL with 1,000,000 enforcement records and
// 20,000 appeals of one rule version, against the same aggregate SQL run bare (EffectivenessReads on one
// connection: no HTTP, no auth, no pipeline, no rule load, no JSON). Targets: p95 ≤ 200 ms, HTTP / bare ≤ 2.
// Second: 100,000 records through POST /api/governance/enforcements against the same inserts in one transaction (ImportBench).
// Usage: dotnet run -c Release --project bench/Incident.Bench.Governance -- [requests] [records] [appeals] [import records]
// (./scripts/bench.sh governance starts a throwaway PostgreSQL and sets INCIDENT_BENCH_PG).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Features.Governance.Effectiveness;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var requests = args.Length > 0 ? int.Parse(args[0]) : 200;
var recordCount = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var appealCount = args.Length > 2 ? int.Parse(args[2]) : 20_000;
var importCount = args.Length > 3 ? int.Parse(args[3]) : 100_000;
var (provider, connectionString, cleanup) = await BenchDatabase.CreateAsync("postgres");
try
{
    var (app, http) = await BenchServer.StartAsync(provider, connectionString, new SocketsHttpHandler());
    using var client = http;
    using var lead = new HttpClient { BaseAddress = http.BaseAddress };
    await SignInAsync(lead, "lead1");

    // An hourly violation-rate series and a control, 28 days each side of a launch 28 days ago.
    var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero);
    var launch = now.AddDays(-28);
    var random = new Random(9);
    var hours = Enumerable.Range(0, 56 * 24).Select(h => launch.AddDays(-28).AddHours(h)).ToList();
    var seriesId = await SendSeriesAsync(http, "bench-fake-traffic", hours.Select(t => (t, (t < launch ? 10.0 : 6.5) + random.NextDouble())));
    var controlId = await SendSeriesAsync(http, "bench-fake-traffic-control", hours.Select(t => (t, (t < launch ? 20.0 : 19.0) + random.NextDouble())));
    var ruleId = await LaunchAsync(http, lead, "Bench fake traffic", seriesId, controlId);
    await ImportBench.RunAsync(app, http, await LaunchAsync(http, lead, "Bench import", null, null), importCount);

    var seeding = Stopwatch.StartNew();
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        // The launch was "now"; the bench needs it 28 days back, with the records of the weeks since.
        await using (var back = new NpgsqlCommand("update governance_rule_versions set launched_at = @launch, shadow_at = @shadow where rule_id = @ruleId", connection))
        {
            back.Parameters.AddWithValue("launch", launch.UtcDateTime);
            back.Parameters.AddWithValue("shadow", launch.AddDays(-7).UtcDateTime);
            back.Parameters.AddWithValue("ruleId", ruleId);
            await back.ExecuteNonQueryAsync();
        }

        var (records, appeals) = await GovernanceSeed.CopyAsync(connectionString, ruleId, launch, recordCount, appealCount);
        await using var vacuum = new NpgsqlCommand("vacuum analyze governance_enforcements, governance_appeals", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
        Console.WriteLine($"seeded {records:N0} enforcement records and {appeals:N0} appeals with COPY + vacuum analyze in {seeding.Elapsed.TotalSeconds:0.0} s");
    }

    var precisionItems = Enumerable.Range(0, 50).Select(i => new { @ref = $"p-{i}", violating = i < 45 }).ToArray();
    var coverageItems = Enumerable.Range(0, 200).Select(i => new { @ref = $"c-{i}", violating = i < 12 }).ToArray();
    await PostAsync(http, "/api/governance/audits", new { ruleId, kind = "precision", items = precisionItems });
    await PostAsync(http, "/api/governance/audits", new { ruleId, kind = "coverage", items = coverageItems, population = 1_000_000 });

    var path = $"/api/governance/rules/{ruleId}/effectiveness";
    var view = JsonNode.Parse(await http.GetStringAsync(path))!;
    Console.WriteLine(
        $"figures: records {view["appealRate"]!["records"]}, appeals {view["appealRate"]!["appeals"]}, change {view["violationRate"]!["change"]:0.000}, " +
        $"DiD {view["violationRate"]!["didEstimate"]}, recidivism {view["recidivism"]!["value"]}, median decision h {view["medianDecisionHours"]}, " +
        $"coverage {view["coverage"]!["value"]}, verdict {view["verdict"]}");

    var clock = TimeProvider.System;
    var breakdown = new Dictionary<string, double>(StringComparer.Ordinal);
    async Task ViaHttp()
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    // The statements EffectivenessMeasure sends, in its order, through one session (its connection).
    async Task Bare()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<EffectivenessReads>();
        var to = clock.GetUtcNow() < launch.AddDays(28) ? clock.GetUtcNow() : launch.AddDays(28);
        await Timed("series", () => reads.SeriesDaysAsync(seriesId, launch.AddDays(-28), launch, to, default));
        await Timed("control", () => reads.SeriesDaysAsync(controlId, launch.AddDays(-28), launch, to, default));
        await Timed("records", () => reads.RecordCountsAsync(ruleId, 1, default));
        var cohorts = await Timed("cohorts", () => reads.AppealCohortsAsync(ruleId, 1, default));
        await Timed("median", () => reads.MedianDecisionHoursAsync(ruleId, 1, cohorts.Sum(c => c.Decided), default));
        await Timed("education", () => reads.EducationAsync(ruleId, 1, 90, default));
        await Timed("appeal days", () => reads.AppealDaysAsync(ruleId, 1, default));
        await Timed("audits", () => reads.LatestAuditAsync(ruleId, 1, AuditKinds.Precision, default));
        await Timed("audits", () => reads.LatestAuditAsync(ruleId, 1, AuditKinds.Coverage, default));
    }

    async Task<T> Timed<T>(string name, Func<Task<T>> read)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await read();
        breakdown[name] = breakdown.GetValueOrDefault(name) + Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result;
    }

    var warmUp = Math.Max(10, requests / 10);
    await Measure(Bare, warmUp);
    await Measure(ViaHttp, warmUp);
    breakdown.Clear();
    // Alternate the two paths in rounds of 10 so background noise on the shared machine hits both alike.
    var bare = new List<double>();
    var api = new List<double>();
    for (var done = 0; done < requests; done += 10)
    {
        bare.AddRange(await Measure(Bare, 10));
        api.AddRange(await Measure(ViaHttp, 10));
    }

    var (bareP50, bareP95) = Percentiles(bare);
    var (apiP50, apiP95) = Percentiles(api);
    Console.WriteLine($"sequential requests: {bare.Count} per path (after {warmUp} warm-up each)");
    Console.WriteLine("path                 p50 ms   p95 ms");
    Console.WriteLine($"bare aggregate SQL  {bareP50,7:0.0}  {bareP95,7:0.0}");
    Console.WriteLine($"http GET            {apiP50,7:0.0}  {apiP95,7:0.0}");
    Console.WriteLine($"ratio http / bare   {apiP50 / bareP50,7:0.00}  {apiP95 / bareP95,7:0.00}");
    Console.WriteLine("bare SQL per statement, mean ms: " + string.Join(", ", breakdown.Select(b => $"{b.Key} {b.Value / bare.Count:0.0}")));
    Console.WriteLine($"targets: http p95 ≤ 200 ms {(apiP95 <= 200 ? "met" : "MISSED")}; http / bare p95 ≤ 2 {(apiP95 / bareP95 <= 2 ? "met" : "MISSED")}");
    await app.StopAsync();
}
finally
{
    // INCIDENT_BENCH_KEEP=1 leaves the seeded database for EXPLAIN ANALYZE by hand.
    if (Environment.GetEnvironmentVariable("INCIDENT_BENCH_KEEP") == "1")
    {
        Console.WriteLine($"kept: {connectionString}");
    }
    else
    {
        await cleanup();
    }
}

return 0;

static async Task<List<double>> Measure(Func<Task> operation, int count)
{
    var latencies = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    return latencies;
}

static (double P50, double P95) Percentiles(List<double> latencies)
{
    var sorted = latencies.Order().ToList();
    return (sorted[sorted.Count / 2], sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]);
}

static async Task<Guid> LaunchAsync(HttpClient http, HttpClient lead, string name, Guid? seriesId, Guid? controlId)
{
    var rule = await PostAsync(http, "/api/governance/rules", new
    {
        name,
        kind = "rule",
        businessLine = "tiktok-live",
        category = "guild-violation",
        subjectType = "guild",
        characteristics = "Guilds buying fake viewers.",
        detection = "model",
        implementingDepartments = new[] { "live-guild-ops" },
        incidentIds = Array.Empty<Guid>(),
        signalSeriesId = seriesId,
        controlSeriesId = controlId,
        ladder = new[] { new { strike = 1, action = "warning" }, new { strike = 3, action = "traffic-limit" } },
        targets = new { violationRateChange = -0.3, minPrecision = 0.9, minCoverage = 0.6 },
    });
    var id = Guid.Parse(rule["id"]!.GetValue<string>());
    await PostAsync(http, $"/api/governance/rules/{id}/submit", new { });
    await PostAsync(lead, $"/api/governance/rules/{id}/approve", new { });
    await PostAsync(lead, $"/api/governance/rules/{id}/launch", new { });
    return id;
}

static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
{
    using var response = await client.PostAsJsonAsync(path, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    return JsonNode.Parse(text)!;
}

static async Task<Guid> SendSeriesAsync(HttpClient client, string metric, IEnumerable<(DateTimeOffset At, double Value)> points)
{
    var body = new
    {
        series = new { businessLine = "tiktok-live", category = "guild-violation", metric },
        points = points.Select(p => new { timestamp = p.At.ToString("O"), value = p.Value }).ToArray(),
    };
    return Guid.Parse((await PostAsync(client, "/api/signals", body))["seriesId"]!.GetValue<string>());
}

static async Task SignInAsync(HttpClient http, string username)
{
    var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username, password = "demo-pass-1" })).Content.ReadFromJsonAsync<JsonNode>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!["accessToken"]!.GetValue<string>());
}
