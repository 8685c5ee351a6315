using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Signals;

/// <summary>
/// GET /api/anomalies?status=&amp;seriesId=&amp;incidentId=: newest first; a partner sees those linked to incidents it may see.
/// The two ids arrive as text so that a malformed one is a 400 naming the parameter, not a silent empty list.
/// </summary>
public sealed record AnomalyList(string? Status, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<AnomalyView>>
{
    public string? SeriesId { get; init; }

    public string? IncidentId { get; init; }
}

public sealed record SeriesRef(Guid Id, string BusinessLine, string Category, string Metric);

public sealed record AnomalyIncident(Guid Id, string Key, string Status);

/// <summary>An anomaly, its series and window, and the incident it opened or joined; its status is that incident's.</summary>
public sealed record AnomalyView(
    Guid Id, SeriesRef Series, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double PeakScore, double PeakValue,
    double? Baseline, int Points, string Outcome, string Status, AnomalyIncident Incident, DateTimeOffset DetectedAt)
{
    public static AnomalyView From(RaisedAnomaly raised, SeriesRow series)
    {
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentNullException.ThrowIfNull(series);
        var (a, d, i) = (raised.Anomaly, raised.Anomaly.Detected, raised.Incident);
        return new AnomalyView(
            a.Id, new SeriesRef(series.Id, series.BusinessLine, series.Category, series.Metric), d.WindowStart, d.WindowEnd,
            d.PeakScore, d.PeakValue, d.Baseline, d.Points, a.Outcome, i.Status, new AnomalyIncident(i.Id, i.Key, i.Status), a.DetectedAt);
    }
}

internal sealed class AnomalyListValidator : IValidator<AnomalyList>
{
    public ValueTask ValidateAsync(AnomalyList request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Status, "status", IncidentStatuses.All, required: false);
        if (request.SeriesId is not null && !Guid.TryParse(request.SeriesId, out _))
        {
            errors.Add("seriesId", "Must be a series id (a GUID).");
        }

        if (request.IncidentId is not null && !Guid.TryParse(request.IncidentId, out _))
        {
            errors.Add("incidentId", "Must be an incident id (a GUID).");
        }

        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class AnomalyListHandler(DbSession session) : IRequestHandler<AnomalyList, Paged<AnomalyView>>
{
    public async Task<Paged<AnomalyView>> Handle(AnomalyList request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var where = $"""
            where 1 = 1
            {(request.Status is null ? "" : "and i.status = @status")}
            {(request.SeriesId is null ? "" : "and a.series_id = @seriesId")}
            {(request.IncidentId is null ? "" : "and a.incident_id = @incidentId")}
            {IncidentVisibility.Filter(request.Viewer)}
            """;
        var parameters = new
        {
            status = request.Status,
            seriesId = request.SeriesId is null ? (Guid?)null : Guid.Parse(request.SeriesId),
            incidentId = request.IncidentId is null ? (Guid?)null : Guid.Parse(request.IncidentId),
            viewerDepartment = request.Viewer.Department,
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from anomalies a
            join incidents i on i.id = a.incident_id
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<AnomalyRow>(new CommandDefinition(
            $"""
            select a.id as Id, s.id as SeriesId, s.business_line as BusinessLine, s.category as Category, s.metric as Metric,
                a.window_start as WindowStart, a.window_end as WindowEnd, a.peak_score as PeakScore, a.peak_value as PeakValue,
                a.baseline as Baseline, a.point_count as Points, a.outcome as Outcome,
                i.id as IncidentId, i.incident_key as IncidentKey, i.status as IncidentStatus, a.detected_at as DetectedAt
            from anomalies a
            join incidents i on i.id = a.incident_id
            join signal_series s on s.id = a.series_id
            {where}
            order by a.detected_at desc, a.id desc
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        var items = rows.Select(r => new AnomalyView(
            r.Id, new SeriesRef(r.SeriesId, r.BusinessLine, r.Category, r.Metric), r.WindowStart, r.WindowEnd, r.PeakScore, r.PeakValue,
            r.Baseline, (int)r.Points, r.Outcome, r.IncidentStatus, new AnomalyIncident(r.IncidentId, r.IncidentKey, r.IncidentStatus),
            r.DetectedAt)).ToList();
        return new Paged<AnomalyView>(items, total, page, pageSize);
    }

    private sealed class AnomalyRow
    {
        public Guid Id { get; init; }

        public Guid SeriesId { get; init; }

        public string BusinessLine { get; init; } = "";

        public string Category { get; init; } = "";

        public string Metric { get; init; } = "";

        public DateTimeOffset WindowStart { get; init; }

        public DateTimeOffset WindowEnd { get; init; }

        public double PeakScore { get; init; }

        public double PeakValue { get; init; }

        public double? Baseline { get; init; }

        public long Points { get; init; }

        public string Outcome { get; init; } = "";

        public Guid IncidentId { get; init; }

        public string IncidentKey { get; init; } = "";

        public string IncidentStatus { get; init; } = "";

        public DateTimeOffset DetectedAt { get; init; }
    }
}
