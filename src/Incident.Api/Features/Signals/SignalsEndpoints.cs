using System.Text.Json;
using System.Text.Json.Serialization;
using Incident.Api.Features.Governance.Gate;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Limits;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Signals;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestSignalsBody(SeriesBody? Series, IReadOnlyList<PointBody>? Points);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SeriesBody(string? BusinessLine, string? Category, string? Metric);

/// <summary>One point: <c>timestamp</c> (ISO-8601) and <c>value</c> (a number, or a string holding one).</summary>
// Kept as raw JSON so a bad value is a 400 naming its row, not a deserializer error.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PointBody(JsonElement Timestamp, JsonElement Value);

public sealed record IngestResponse(Guid SeriesId, int Accepted, IReadOnlyList<AnomalyView> Anomalies);

public static class SignalsEndpoints
{
    public static void MapSignals(this IEndpointRouteBuilder app)
    {
        var signals = app.MapGroup("/api/signals").WithTags("Signals").RequireAuthorization();
        // JSON with 10,000 points and generous formatting needs more than the default 1 MB.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<InputLimits>>().Value;
        signals.MapPost("/", Ingest).WithMetadata(new RequestSizeLimitAttribute(limits.MaxSignalsBodyBytes))
            .WithSummary("Send monitoring data points of a series (JSON or CSV)")
            .WithDescription(
                "Up to 10,000 points (4 MB) a call: JSON `{ series: { businessLine, category, metric }, points: [ { timestamp, value } ] }`, " +
                "or `text/csv` with the header `timestamp,value` and the series in the `businessLine`, `category` and `metric` query parameters. " +
                "Points are scored as they arrive; an anomaly opens or joins a monitoring incident.")
            .Accepts<IngestSignalsBody>("application/json", "text/csv");
        signals.MapGet("/series", ListSeries)
            .WithSummary("Monitored series with their latest value, baseline and status")
            .ProducesValidationProblem();
        signals.MapGet("/series/{seriesId:guid}", OneSeries)
            .WithSummary("One monitored series")
            .ProducesProblem(StatusCodes.Status404NotFound);
        signals.MapPut("/series/{seriesId:guid}", SetThreshold)
            .WithSummary("Set a series' alert threshold (operators and admins)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        signals.MapGet("/series/{seriesId:guid}/points", PointsOf)
            .WithSummary("A series' points with their anomaly scores, between `from` and `to`")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/anomalies", ListAnomalies).WithTags("Signals").RequireAuthorization()
            .WithSummary("Anomalies with their series, window, peak score and the incident they opened or joined")
            .ProducesValidationProblem();
    }

    private static async Task<Accepted<IngestResponse>> Ingest(
        string? businessLine, string? category, string? metric, HttpContext http, IMediator mediator)
    {
        var ct = http.RequestAborted;
        IngestSignals command;
        if (http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = await CsvUpload.ReaderAsync(http.Request);
            var points = new List<SignalPointInput>();
            await foreach (var point in SignalCsv.ReadAsync(reader, CsvUpload.Limits(http), ct))
            {
                points.Add(point);
            }

            command = new IngestSignals(new SeriesKey(businessLine, category, metric), points, http.User.Viewer());
        }
        else if (http.Request.HasJsonContentType())
        {
            var body = await ReadJsonAsync(http);
            var points = (body.Points ?? []).Select((p, i) => new SignalPointInput($"points[{i}]", Text(p.Timestamp), Text(p.Value))).ToList();
            var series = new SeriesKey(body.Series?.BusinessLine, body.Series?.Category, body.Series?.Metric);
            command = new IngestSignals(series, points, http.User.Viewer());
        }
        else
        {
            throw new BadHttpRequestException("Send application/json, or text/csv with the header 'timestamp,value'.", StatusCodes.Status415UnsupportedMediaType);
        }

        var ingested = await mediator.Send(command, ct);
        // Issue 9: points of a rule's violation-rate series re-evaluate its incidents' governance gates (after commit).
        await http.RequestServices.GetRequiredService<GovernanceGateTriggers>().SeriesChangedAsync(ingested.SeriesId, ct);
        return TypedResults.Accepted(
            $"/api/signals/series/{ingested.SeriesId}/points", new IngestResponse(ingested.SeriesId, ingested.Accepted, ingested.Anomalies));
    }

    private static async Task<Ok<Paged<SeriesView>>> ListSeries(int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new SeriesList(null, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<SeriesView>> OneSeries(Guid seriesId, HttpContext http, IMediator mediator) =>
        TypedResults.Ok((await mediator.Send(new SeriesList(seriesId, null, null, http.User.Viewer()), http.RequestAborted)).Items[0]);

    private static async Task<Ok<SeriesView>> SetThreshold(Guid seriesId, SetSeriesThresholdBody body, HttpContext http, IMediator mediator)
    {
        var viewer = http.User.Viewer();
        await mediator.Send(new SetSeriesThreshold(seriesId, body, viewer), http.RequestAborted);
        var series = await mediator.Send(new SeriesList(seriesId, null, null, viewer), http.RequestAborted);
        return TypedResults.Ok(series.Items[0]);
    }

    private static async Task<Ok<SeriesPointsView>> PointsOf(
        Guid seriesId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new SeriesPoints(seriesId, from, to, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<Paged<AnomalyView>>> ListAnomalies(
        string? status, string? seriesId, string? incidentId, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(
            new AnomalyList(status, page, pageSize, http.User.Viewer()) { SeriesId = seriesId, IncidentId = incidentId }, http.RequestAborted));

    private static async Task<IngestSignalsBody> ReadJsonAsync(HttpContext http)
    {
        try
        {
            // The API's JSON options (depth limit, duplicate members and null points refused), as every bound body.
            return await http.Request.ReadFromJsonAsync<IngestSignalsBody>(http.RequestAborted)
                ?? throw new BadHttpRequestException("The body is empty; expected { series, points }.");
        }
        catch (JsonException e)
        {
            // The same 400 the framework gives for a body it cannot bind (ProblemDetailsExceptionHandler names the path).
            throw new BadHttpRequestException("The body is not valid JSON of the expected shape.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };
}
