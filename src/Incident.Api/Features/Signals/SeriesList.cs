using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Signals;

/// <summary>GET /api/signals/series (and one series, after PUT): latest point, baseline, threshold and status.</summary>
public sealed record SeriesList(Guid? SeriesId, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<SeriesView>>;

/// <summary>Status is "anomalous" while the last point's score is at or above the threshold, else "normal".</summary>
public sealed record SeriesView(
    Guid Id, string BusinessLine, string Category, string Metric, double Threshold, bool ThresholdOverridden,
    long PointCount, DateTimeOffset? LatestTimestamp, double? LatestValue, double? LatestScore, double? Baseline, string Status,
    DateTimeOffset? AlertsFrom);

internal sealed class SeriesListValidator : IValidator<SeriesList>
{
    public ValueTask ValidateAsync(SeriesList request, ValidationErrors errors, CancellationToken ct)
    {
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class SeriesListHandler(DbSession session) : IRequestHandler<SeriesList, Paged<SeriesView>>
{
    public async Task<Paged<SeriesView>> Handle(SeriesList request, CancellationToken ct)
    {
        SignalAccess.EnsureMayRead(request.Viewer);
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var where = request.SeriesId is null ? "" : "where s.id = @seriesId";
        var parameters = new { seriesId = request.SeriesId, skip = (page - 1) * pageSize, take = pageSize };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from signal_series s
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            select s.id as Id, s.business_line as BusinessLine, s.category as Category, s.metric as Metric,
                s.threshold as Threshold, s.point_count as PointCount, s.last_observed_at as LatestTimestamp,
                s.last_value as LatestValue, s.last_score as LatestScore, s.baseline as Baseline, s.alerts_from as AlertsFrom
            from signal_series s
            {where}
            order by s.business_line, s.category, s.metric
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        var items = rows.Select(r =>
        {
            var threshold = r.Threshold ?? SignalOptions.DefaultThreshold;
            return new SeriesView(
                r.Id, r.BusinessLine, r.Category, r.Metric, threshold, r.Threshold is not null, r.PointCount,
                r.LatestTimestamp, r.LatestValue, r.LatestScore, r.Baseline,
                r.AlertsFrom is not null && r.LatestScore >= threshold ? "anomalous" : "normal", r.AlertsFrom);
        }).ToList();
        if (request.SeriesId is { } id && items.Count == 0)
        {
            throw new NotFoundException("series", id);
        }

        return new Paged<SeriesView>(items, total, page, pageSize);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public string BusinessLine { get; init; } = "";

        public string Category { get; init; } = "";

        public string Metric { get; init; } = "";

        public double? Threshold { get; init; }

        public long PointCount { get; init; }

        public DateTimeOffset? LatestTimestamp { get; init; }

        public double? LatestValue { get; init; }

        public double? LatestScore { get; init; }

        public double? Baseline { get; init; }

        public DateTimeOffset? AlertsFrom { get; init; }
    }
}

/// <summary>Series and points are monitoring data, not part of any incident: partners may not read them (ADR-0011).</summary>
internal static class SignalAccess
{
    public static void EnsureMayRead(Viewer viewer)
    {
        if (!viewer.SeesAllIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins read monitoring series.");
        }
    }
}
