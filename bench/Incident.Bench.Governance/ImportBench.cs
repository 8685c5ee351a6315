using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Enforcement import: <c>records</c> records through POST /api/governance/enforcements in batches of 10,000 (JSON:
/// validation, duplicate check, strike ledger, ladder step, COPY, timeline, one transaction a batch) against the
/// same records inserted directly through EnforcementStore in one transaction, two ways: in one call (one COPY, the
/// tallies of all 100,000 records summed before they are written) and in calls of 10,000 (the statements the API runs,
/// COPY and tally upserts a batch, without HTTP, JSON, checks, strike ledger and timeline).
/// </summary>
internal static class ImportBench
{
    private const int Batch = 10_000;

    public static async Task RunAsync(WebApplication app, HttpClient http, Guid ruleId, int records)
    {
        var subjects = Math.Max(1, records / 5);
        var now = DateTimeOffset.UtcNow;
        EnforcementRecordBody Body(string run, int i) => new(
            $"{run}-{i}", ruleId.ToString(), null, new SubjectBody("guild", $"guild-{i % subjects:000000}", null),
            now.AddMinutes(-records + i).ToString("O"), false, true, "partially", null, null, null, null, null, null, null, null, null,
            "bench import", null, null, null, null, null, null);

        // Warm-up: one small batch each way, so neither path pays the first-call costs in the figure.
        await ViaHttpAsync(http, [.. Enumerable.Range(0, 500).Select(i => Body("warm-http", i))]);
        await DirectAsync(app, ruleId, [.. Enumerable.Range(0, 500).Select(i => Body("warm-direct", i))], now, Batch);

        // The client's JSON encoding is not the product's work: the batches are encoded before the clock starts.
        var batches = new List<byte[]>();
        for (var start = 0; start < records; start += Batch)
        {
            batches.Add(Encode([.. Enumerable.Range(start, Math.Min(Batch, records - start)).Select(i => Body("http", i))]));
        }

        var api = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await PostAsync(http, batch);
        }

        api.Stop();
        var bodies = Enumerable.Range(0, records).Select(i => Body("direct", i)).ToList();
        var direct = await DirectAsync(app, ruleId, bodies, now, records);
        var chunked = await DirectAsync(app, ruleId, [.. Enumerable.Range(0, records).Select(i => Body("chunked", i))], now, Batch);
        Console.WriteLine($"import of {records:N0} enforcement records ({records / Batch} HTTP batches of {Batch:N0}; direct: one transaction)");
        Console.WriteLine("path                       s      records/s");
        Console.WriteLine($"http POST (batches)  {api.Elapsed.TotalSeconds,8:0.00}  {records / api.Elapsed.TotalSeconds,11:N0}");
        Console.WriteLine($"direct, one call     {direct.TotalSeconds,8:0.00}  {records / direct.TotalSeconds,11:N0}");
        Console.WriteLine($"direct, calls of {Batch / 1000}k {chunked.TotalSeconds,8:0.00}  {records / chunked.TotalSeconds,11:N0}");
        Console.WriteLine($"ratio http / direct one call     {api.Elapsed.TotalSeconds / direct.TotalSeconds,6:0.00}");
        Console.WriteLine($"ratio http / direct calls of {Batch / 1000}k {api.Elapsed.TotalSeconds / chunked.TotalSeconds,6:0.00}");
    }

    private static Task ViaHttpAsync(HttpClient http, List<EnforcementRecordBody> batch) => PostAsync(http, Encode(batch));

    private static byte[] Encode(List<EnforcementRecordBody> batch) =>
        JsonSerializer.SerializeToUtf8Bytes(new EnforcementBatchBody(batch), ApiJson.Options);

    private static async Task PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/api/governance/enforcements", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// The rows the import would write (strike 1: no ledger), parsed and decided outside the clock, then written in one
    /// transaction, <paramref name="perCall"/> records a call of the store.
    /// </summary>
    private static async Task<TimeSpan> DirectAsync(WebApplication app, Guid ruleId, List<EnforcementRecordBody> bodies, DateTimeOffset now, int perCall)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var store = scope.ServiceProvider.GetRequiredService<EnforcementStore>();
        var rule = await scope.ServiceProvider.GetRequiredService<RuleStore>().LoadAsync(ruleId, default);
        var version = rule.LiveVersion!;
        var errors = new ValidationErrors();
        var records = bodies
            .Select((b, i) => EnforcementChecks.Check(b, i, new InputRow($"records[{i}]", false), errors, now)!)
            .Select(input => EnforcementRecord.Decide(
                input, ruleId, version, StrikeSubject.For(version.Content, input.SubjectType, input.SubjectId, input.GuildId), 1,
                input.Hash(ruleId), "operator1", now))
            .ToList();
        errors.ThrowIfAny();

        var watch = Stopwatch.StartNew();
        await session.BeginAsync(default);
        foreach (var chunk in records.Chunk(perCall))
        {
            await store.InsertAsync(chunk, default);
        }

        await session.CommitAsync(default);
        return watch.Elapsed;
    }
}
