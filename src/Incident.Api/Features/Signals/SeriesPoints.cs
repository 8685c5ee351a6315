using Dapper;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Signals;

/// <summary>GET /api/signals/series/{seriesId}/points?from=&amp;to=: the newest points in range (at most 10,000), oldest first.</summary>
public sealed record SeriesPoints(Guid SeriesId, DateTimeOffset? From, DateTimeOffset? To, Viewer Viewer) : IQuery<SeriesPointsView>;

/// <summary>Settling: before the series' first alerting point (ADR-0011); such a score raises no anomaly whatever its value.</summary>
public sealed record PointView(DateTimeOffset Timestamp, double Value, double AnomalyScore, bool Settling);

/// <summary>Truncated when the range held more points than the cap; the oldest were left out.</summary>
public sealed record SeriesPointsView(Guid SeriesId, IReadOnlyList<PointView> Items, bool Truncated);

internal sealed class SeriesPointsValidator : IValidator<SeriesPoints>
{
    public ValueTask ValidateAsync(SeriesPoints request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.From is null || request.To is null || request.From <= request.To, "from", "'from' must not be after 'to'.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class SeriesPointsHandler(DbSession session) : IRequestHandler<SeriesPoints, SeriesPointsView>
{
    public const int MaxPoints = 10_000;

    // Times are compared as UTC: SQLite compares them as text.
    public async Task<SeriesPointsView> Handle(SeriesPoints request, CancellationToken ct)
    {
        SignalAccess.EnsureMayRead(request.Viewer);
        var connection = await session.ConnectionAsync(ct);
        var series = await connection.QuerySingleOrDefaultAsync<SeriesAlertsRow>(new CommandDefinition(
            """
            select s.id as Id, s.alerts_from as AlertsFrom
            from signal_series s
            where s.id = @SeriesId
            """,
            new { request.SeriesId }, cancellationToken: ct))
            ?? throw new NotFoundException("series", request.SeriesId);

        var points = (await connection.QueryAsync<PointRow>(new CommandDefinition(
            $"""
            select p.observed_at as Timestamp, p.value as Value, p.anomaly_score as AnomalyScore
            from signal_points p
            where p.series_id = @SeriesId
                {(request.From is null ? "" : "and p.observed_at >= @From")}
                {(request.To is null ? "" : "and p.observed_at <= @To")}
            order by p.observed_at desc
            {session.Dialect.Page}
            """,
            new { request.SeriesId, From = request.From?.ToUniversalTime(), To = request.To?.ToUniversalTime(), skip = 0, take = MaxPoints + 1 }, cancellationToken: ct))).ToList();
        var truncated = points.Count > MaxPoints;
        var items = points.Take(MaxPoints).Reverse().Select(p => new PointView(p.Timestamp, p.Value, p.AnomalyScore, series.AlertsFrom is not { } from || p.Timestamp < from))
            .ToList();
        return new SeriesPointsView(request.SeriesId, items, truncated);
    }

    private sealed class SeriesAlertsRow
    {
        public Guid Id { get; init; }

        public DateTimeOffset? AlertsFrom { get; init; }
    }

    private sealed class PointRow
    {
        public DateTimeOffset Timestamp { get; init; }

        public double Value { get; init; }

        public double AnomalyScore { get; init; }
    }
}
