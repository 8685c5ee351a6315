using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Signals;

/// <summary>
/// POST /api/signals (JSON or CSV) and import-signals: one batch of one series, scored point by point
/// and stored with its scores; anomalies open or join incidents, all in one transaction.
/// </summary>
public sealed record IngestSignals(SeriesKey Series, IReadOnlyList<SignalPointInput> Points, Viewer Viewer) : ICommand<IngestedSignals>;

public sealed record IngestedSignals(Guid SeriesId, int Accepted, IReadOnlyList<AnomalyView> Anomalies);

internal sealed class IngestSignalsValidator(ReferenceData reference) : IValidator<IngestSignals>
{
    public ValueTask ValidateAsync(IngestSignals request, ValidationErrors errors, CancellationToken ct)
    {
        var series = request.Series;
        errors.OneOf(series.BusinessLine, "series.businessLine", reference.BusinessLineCodes);
        errors.OneOf(series.Category, "series.category", reference.CategoryCodes);
        errors.Text(series.Metric, "series.metric", 1, 100);
        errors.Check(
            series.Metric is null || series.Metric == series.Metric.Trim(),
            "series.metric",
            "'series.metric' must not start or end with spaces.");
        if (request.Points.Count == 0)
        {
            errors.Add("points", "The batch is empty: send at least one point.");
        }
        else if (request.Points.Count > SignalOptions.MaxPointsPerBatch)
        {
            errors.Add("points", $"At most {SignalOptions.MaxPointsPerBatch} points a call (got {request.Points.Count}); split the batch.");
        }
        else
        {
            SignalBatch.Parse(request.Points, errors);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class IngestSignalsHandler(
    SignalStore signals, MonitoringIncidents monitoring, IOptions<SignalOptions> options, TimeProvider clock)
    : IRequestHandler<IngestSignals, IngestedSignals>
{
    public async Task<IngestedSignals> Handle(IngestSignals request, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins send monitoring signals.");
        }

        var errors = new ValidationErrors();
        var points = SignalBatch.Parse(request.Points, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var key = request.Series;
        var series = await signals.LockSeriesAsync(key.BusinessLine!, key.Category!, key.Metric!, now, ct);
        var (scored, detected) = series.Ingest(points, request.Points[0].Field("timestamp"), options.Value.SettlingPoints);
        await signals.InsertPointsAsync(series.Id, scored, ct);
        await signals.SaveSeriesAsync(series, now, ct);

        var anomalies = new List<AnomalyView>(detected.Count);
        foreach (var anomaly in detected)
        {
            var raised = await monitoring.RaiseAsync(series, anomaly, now, ct);
            anomalies.Add(AnomalyView.From(raised, series.Row));
        }

        return new IngestedSignals(series.Id, scored.Count, anomalies);
    }
}
