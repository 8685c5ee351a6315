using System.Globalization;
using Dapper;
using Incident.Api.Features.Signals;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Quartz;

namespace Incident.Api.Features.Governance.Appeals;

/// <summary>
/// docs/governance.md "Appeals": the appeals filed per rule become the hourly series appeals-&lt;rule key&gt; of the
/// rule's business line and category, so a spike raises an anomaly like any other series. Each run sends every
/// complete hour since the series' last point (zero-count hours too) through IngestSignals, in one transaction.
/// An appeal back-dated into an hour already sent is not counted again (a point is sent once).
/// </summary>
public sealed record FeedAppealSignals : ICommand<IReadOnlyList<FedAppealSeries>>;

public sealed record FedAppealSeries(Guid RuleId, string Metric, Guid SeriesId, int Points, int Anomalies);

internal sealed class FeedAppealSignalsHandler(DbSession session, IMediator mediator, TimeProvider clock)
    : IRequestHandler<FeedAppealSignals, IReadOnlyList<FedAppealSeries>>
{
    public async Task<IReadOnlyList<FedAppealSeries>> Handle(FeedAppealSignals request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var connection = await session.ConnectionAsync(ct);
        var rules = await connection.QueryAsync<AppealedRule>(new CommandDefinition(
            """
            select r.id as RuleId, r.rule_key as RuleKey, v.business_line as BusinessLine, v.category as Category, min(a.filed_at) as FirstFiledAt
            from governance_rules r
            join governance_rule_versions v on v.rule_id = r.id and v.version = r.latest_version
            join governance_appeals a on a.rule_id = r.id
            group by r.id, r.rule_key, v.business_line, v.category
            order by r.rule_key
            """,
            transaction: session.Transaction, cancellationToken: ct));
        var fed = new List<FedAppealSeries>();
        foreach (var rule in rules)
        {
            var metric = $"appeals-{rule.RuleKey}";
            var last = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
                """
                select s.last_observed_at
                from signal_series s
                where s.business_line = @BusinessLine
                    and s.category = @Category
                    and s.metric = @metric
                """,
                new { rule.BusinessLine, rule.Category, metric }, session.Transaction, cancellationToken: ct));
            var start = last?.AddHours(1) ?? new DateTimeOffset(rule.FirstFiledAt.UtcTicks - (rule.FirstFiledAt.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            if (start >= end)
            {
                continue;
            }

            var filed = await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(
                """
                select a.filed_at
                from governance_appeals a
                where a.rule_id = @RuleId
                    and a.filed_at >= @start
                    and a.filed_at < @end
                """,
                new { rule.RuleId, start, end }, session.Transaction, cancellationToken: ct));
            var counts = filed.GroupBy(t => (t.UtcTicks - start.UtcTicks) / TimeSpan.TicksPerHour).ToDictionary(g => g.Key, g => g.Count());
            var hours = (int)((end - start).Ticks / TimeSpan.TicksPerHour);
            var points = Enumerable.Range(0, hours)
                .Select(h => new SignalPointInput(
                    $"points[{h}]", start.AddHours(h).ToString("O", CultureInfo.InvariantCulture), counts.GetValueOrDefault(h).ToString(CultureInfo.InvariantCulture)))
                .ToList();
            var series = new SeriesKey(rule.BusinessLine, rule.Category, metric);
            var (seriesId, anomalies) = (Guid.Empty, 0);
            foreach (var chunk in points.Chunk(SignalOptions.MaxPointsPerBatch))
            {
                var ingested = await mediator.Send(new IngestSignals(series, chunk, MonitoringIncidents.System), ct);
                (seriesId, anomalies) = (ingested.SeriesId, anomalies + ingested.Anomalies.Count);
            }

            fed.Add(new FedAppealSeries(rule.RuleId, metric, seriesId, points.Count, anomalies));
        }

        return fed;
    }

    private sealed class AppealedRule
    {
        public Guid RuleId { get; init; }

        public string RuleKey { get; init; } = "";

        public string BusinessLine { get; init; } = "";

        public string Category { get; init; } = "";

        public DateTimeOffset FirstFiledAt { get; init; }
    }
}

/// <summary>The work of <see cref="FeedAppealSignalsJob"/> in its own scope; tests call <see cref="FeedAsync"/> directly with their clock.</summary>
public sealed class AppealSignalFeed(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<FedAppealSeries>> FeedAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FeedAppealSignals(), ct);
    }
}

/// <summary>Quartz's hourly trigger for <see cref="AppealSignalFeed"/> (a few minutes past the hour, once it is complete).</summary>
[DisallowConcurrentExecution]
public sealed class FeedAppealSignalsJob(AppealSignalFeed feed) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await feed.FeedAsync(cancellationToken);
}
