using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Governance;

/// <summary>An enforcement record of a fixture, as the import would have stored it.</summary>
public sealed record FixtureRecord(
    string Subject, DateTimeOffset OccurredAt, int Version = 1, bool Shadow = false, bool Reversed = false, DateTimeOffset? EducationCompletedAt = null)
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>An appeal of a fixture record; decided when <paramref name="DecidedAt"/> is set.</summary>
public sealed record FixtureAppeal(FixtureRecord Record, DateTimeOffset FiledAt, string Status, DateTimeOffset? DecidedAt);

/// <summary>
/// Fixture data for the effectiveness tests: enforcement records and appeals written straight into the tables
/// (the import and appeal endpoints are another feature's) and their tallies rebuilt, signal points and audits through the public API.
/// </summary>
public static class EffectivenessRecords
{
    public static async Task InsertAsync(ApiServer server, Guid ruleId, IReadOnlyList<FixtureRecord> records, IReadOnlyList<FixtureAppeal>? appeals = null)
    {
        var dialect = server.Services.GetRequiredService<SqlDialect>();
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            insert into governance_enforcements (
                id, external_id, body_hash, rule_id, rule_version, subject_type, subject_id, guild_id, strike_subject_type,
                strike_subject_id, occurred_at, grave, shadow, strike, action, duration_days, reversed, reversed_at,
                education_completed_at, automated_detection, automated_decision, decision_ground, dsa_category, content_type,
                decision_visibility, decision_monetary, decision_provision, decision_account, territorial_scope, source_type,
                facts, imported_by, imported_at)
            values (
                @Id, @ExternalId, 'fixture', @RuleId, @Version, 'guild', @Subject, null, 'guild',
                @Subject, @OccurredAt, @No, @Shadow, 1, 'warning', null, @Reversed, @ReversedAt,
                @EducationCompletedAt, @Yes, 'partially', 'incompatible-content', 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE', '["other"]',
                null, null, null, null, '["EU"]', 'SOURCE_VOLUNTARY',
                'fixture', 'operator1', @OccurredAt)
            """,
            records.Select(r => new
            {
                r.Id,
                ExternalId = $"fx-{r.Id:N}",
                RuleId = ruleId,
                r.Version,
                r.Subject,
                OccurredAt = r.OccurredAt.ToUniversalTime(),
                r.Shadow,
                r.Reversed,
                ReversedAt = r.Reversed ? r.OccurredAt.AddDays(2).ToUniversalTime() : (DateTimeOffset?)null,
                EducationCompletedAt = r.EducationCompletedAt?.ToUniversalTime(),
                Yes = true,
                No = false,
            }),
            tx);
        await connection.ExecuteAsync(
            """
            insert into governance_appeals (
                id, enforcement_id, rule_id, rule_version, statement, status, filed_at, enforcement_occurred_at, filed_by, due_at,
                reviewing_department, decided_at, decided_by, reason, version)
            values (
                @Id, @EnforcementId, @RuleId, @Version, 'fixture appeal', @Status, @FiledAt, @OccurredAt, 'operator1', @DueAt, 'review-ops',
                @DecidedAt, @DecidedBy, @Reason, 1)
            """,
            (appeals ?? []).Select(a => new
            {
                Id = Guid.NewGuid(),
                EnforcementId = a.Record.Id,
                RuleId = ruleId,
                a.Record.Version,
                a.Status,
                FiledAt = a.FiledAt.ToUniversalTime(),
                OccurredAt = a.Record.OccurredAt.ToUniversalTime(),
                DueAt = a.FiledAt.AddHours(48).ToUniversalTime(),
                DecidedAt = a.DecidedAt?.ToUniversalTime(),
                DecidedBy = a.DecidedAt is null ? null : "lead1",
                Reason = a.DecidedAt is null ? null : "fixture decision",
            }),
            tx);
        await tx.CommitAsync();

        // Written around the enforcement store: recount the rule's tallies as it would have kept them.
        await using var scope = server.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(default);
        await scope.ServiceProvider.GetRequiredService<EnforcementStore>().RebuildTalliesAsync(ruleId, default);
        await session.CommitAsync(default);
    }

    /// <summary>Sends points of one series through POST /api/signals; returns the series id.</summary>
    public static async Task<string> SendPointsAsync(
        HttpClient client, string metric, IEnumerable<(DateTimeOffset At, double Value)> points, string businessLine = "tiktok-live")
    {
        var body = new
        {
            series = new { businessLine, category = "guild-violation", metric },
            points = points.Select(p => new { timestamp = p.At.ToUniversalTime().ToString("O"), value = p.Value }).ToArray(),
        };
        var response = await client.PostAsJsonAsync("/api/signals", body);
        await ApiCalls.Expect(response, HttpStatusCode.Accepted);
        return (await ApiCalls.Body(response))["seriesId"]!.GetValue<string>();
    }

    /// <summary>The id of a series as GET /api/signals/series lists it.</summary>
    public static async Task<string> SeriesIdAsync(HttpClient client, string metric, string businessLine = "tiktok-live")
    {
        var list = await ApiCalls.GetJson(client, "/api/signals/series?pageSize=200");
        return list["items"]!.AsArray()
            .Single(s => s!["metric"]!.GetValue<string>() == metric && s["businessLine"]!.GetValue<string>() == businessLine)!["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> AuditAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/governance/audits", body);

    /// <summary>Records an audit of <paramref name="n"/> items of which the first <paramref name="violating"/> violate.</summary>
    public static async Task<JsonNode> AuditOkAsync(HttpClient client, string ruleId, string kind, int n, int violating, long? population = null, int? ruleVersion = null)
    {
        var items = Enumerable.Range(0, n).Select(i => new { @ref = $"{kind}-{i}", violating = i < violating }).ToArray();
        var response = await AuditAsync(client, new { ruleId, kind, items, population, ruleVersion });
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    public static Task<JsonNode> EffectivenessAsync(HttpClient client, string ruleId, int? version = null) =>
        ApiCalls.GetJson(client, $"/api/governance/rules/{ruleId}/effectiveness{(version is null ? "" : $"?version={version}")}");

    public static double Number(JsonNode? node) => node!.GetValue<double>();

    public static double[] Pair(JsonNode? node) => [.. node!.AsArray().Select(v => v!.GetValue<double>())];
}
