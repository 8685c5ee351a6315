using System.Globalization;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Signals;

/// <summary>What became of one anomaly: the incident it opened or joined.</summary>
public sealed record RaisedAnomaly(AnomalyRecord Anomaly, RiskIncident Incident);

/// <summary>
/// Issue 5: an anomaly opens a monitoring incident (through the same path as OpenIncident, so it gets
/// its workflow) or joins the open incident of the same fingerprint within the dedupe window.
/// Runs on the ingest transaction: the points, the anomaly, the incident and its events commit together.
/// </summary>
public sealed class MonitoringIncidents(
    SignalStore signals, IncidentStore incidents, IncidentWorkflows workflows, IOptions<SignalOptions> options)
{
    public const string Actor = "monitoring";
    public const string OwnerDepartment = "risk-ops";
    public const string Opened = "opened";
    public const string Joined = "joined";

    /// <summary>The identity the monitoring path acts as (it sees every incident).</summary>
    public static readonly Viewer System = new(Actor, "Monitoring", [Roles.Admin], OwnerDepartment);

    public async Task<RaisedAnomaly> RaiseAsync(MonitoredSeries series, DetectedAnomaly detected, DateTimeOffset now, CancellationToken ct)
    {
        var anomalyId = Guid.CreateVersion7(now);
        var since = detected.WindowStart - options.Value.DedupeWindow;
        var joinable = await signals.FindJoinableIncidentAsync(series.Fingerprint, since, ct);
        var incident = joinable is { } id ? await incidents.FindAsync(id, System, ct) : null;
        var outcome = incident is null ? Opened : Joined;
        if (incident is null)
        {
            incident = RiskIncident.Open(
                Guid.CreateVersion7(now), await incidents.NextKeyAsync(now.Year, ct), Fields(series, detected), OwnerDepartment, Actor, now);
            incident.Record("anomaly.detected", Actor, now, EventData(series, detected, anomalyId, outcome));
            var run = await workflows.StartAsync(incident, Actor, ct);
            await workflows.SaveAsync(run, incident, newIncident: true, ct);
        }
        else
        {
            incident.Record("anomaly.detected", Actor, now, EventData(series, detected, anomalyId, outcome));
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
        }

        var anomaly = new AnomalyRecord(anomalyId, series.Id, series.Fingerprint, detected, incident.Id, outcome, now);
        await signals.InsertAnomalyAsync(anomaly, ct);
        return new RaisedAnomaly(anomaly, incident);
    }

    /// <summary>ADR-0011: a peak score of 0.9 or more is S2, anything lower S3; people raise it from there.</summary>
    public static string SeverityOf(double peakScore) => peakScore >= 0.9 ? "S2" : "S3";

    private static OpenFields Fields(MonitoredSeries series, DetectedAnomaly d)
    {
        var row = series.Row;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Monitoring saw {row.Metric} of {row.Category} on {row.BusinessLine} reach {d.PeakValue:0.###} " +
            $"(baseline {(d.Baseline is { } b ? b.ToString("0.###", CultureInfo.InvariantCulture) : "unknown")}) " +
            $"between {d.WindowStart:O} and {d.WindowEnd:O}; peak anomaly score {d.PeakScore:0.000}.");
        return new OpenFields(
            $"Anomaly: {row.Metric} of {row.Category} on {row.BusinessLine}", summary, row.BusinessLine, row.Category,
            SeverityOf(d.PeakScore), "monitoring", ["monitoring"]);
    }

    private static Dictionary<string, object?> EventData(MonitoredSeries series, DetectedAnomaly d, Guid anomalyId, string outcome) => new()
    {
        ["anomalyId"] = anomalyId,
        ["outcome"] = outcome,
        ["series"] = new { id = series.Id, businessLine = series.Row.BusinessLine, category = series.Row.Category, metric = series.Row.Metric },
        ["window"] = new { start = d.WindowStart, end = d.WindowEnd },
        ["peakScore"] = d.PeakScore,
        ["value"] = d.PeakValue,
        ["baseline"] = d.Baseline,
        ["points"] = d.Points,
    };
}
