using System.Text.Json;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.Mediation;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Samples;

public sealed record ClusterRequestBody(int? Clusters);

public static class SamplesEndpoints
{
    private static readonly string[] RequiredCsvColumns = ["externalId", "text"];

    public static IServiceCollection AddSamplesFeature(this IServiceCollection services) =>
        services.AddScoped<SampleStore>().AddScoped<Reports.IReportSection, ClustersReportSection>();

    public static void MapSamples(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents/{id:guid}").WithTags("Samples").RequireAuthorization();
        group.MapPost("/samples", Attach).Accepts<SampleInput[]>("application/json", "text/csv")
            .WithSummary("Attach content samples to an incident (JSON or CSV)")
            .WithDescription(
                "Up to 20,000 samples (16 MB) a call: a JSON array `[ { externalId, text, url?, tags?, metrics? } ]`, or `text/csv` " +
                "with the header `externalId,text` and optionally `url` and `tags` (as `a|b|c`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The incident is closed.");
        group.MapGet("/samples", List)
            .WithSummary("An incident's samples")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/clusters", Cluster)
            .WithSummary("Group an incident's samples into clusters of similar texts")
            .WithDescription("`clusters` (1–100) fixes their number; absent, it is chosen automatically.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status422UnprocessableEntity, "The incident has no samples yet: attach samples first.");
        group.MapGet("/clusters", Latest)
            .WithSummary("The latest clustering of an incident's samples")
            .ProducesProblemWhen(StatusCodes.Status404NotFound, "No such incident visible to the caller, or it was never clustered.");
    }

    private static async Task<Created<SamplesAttached>> Attach(Guid id, HttpContext http, IMediator mediator)
    {
        // Sample uploads are larger than other requests: 20,000 short texts fit in InputLimits.MaxUploadBodyBytes (16 MB).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = CsvUpload.Limits(http).MaxUploadBodyBytes;
        }

        var samples = await ReadSamplesAsync(http.Request);
        var attached = await mediator.Send(new AttachSamples(id, samples, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/incidents/{id}/samples", attached);
    }

    private static async Task<Ok<Paged<SampleView>>> List(Guid id, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentSamples(id, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<ClusterRunView>> Cluster(Guid id, ClusterRequestBody? body, HttpContext http, IMediator mediator)
    {
        var viewer = http.User.Viewer();
        var computed = await mediator.Send(new ComputeClusters(id, body?.Clusters, viewer), http.RequestAborted);
        return TypedResults.Ok(await mediator.Send(new RecordClusterRun(computed, viewer), http.RequestAborted));
    }

    private static async Task<Ok<ClusterRunView>> Latest(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new LatestClusters(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<IReadOnlyList<SampleInput>> ReadSamplesAsync(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "text/csv")
        {
            return FromCsv(await CsvUpload.ReadTextAsync(request), CsvUpload.Limits(request.HttpContext));
        }

        if (mediaType is not ("application/json" or null) && mediaType?.EndsWith("+json", StringComparison.Ordinal) != true)
        {
            throw new BadHttpRequestException($"Samples are sent as application/json (an array) or text/csv, not '{request.ContentType}'.", 415);
        }

        SampleInput?[] samples;
        try
        {
            // The API's JSON options (depth limit, duplicate members refused), as every bound body.
            samples = await request.ReadFromJsonAsync<SampleInput?[]>(request.HttpContext.RequestAborted)
                ?? throw ValidationFailedException.For("samples", "Send a JSON array of samples.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON of the expected shape.", 400, e);
        }

        // Issue 11: a null in the array is a 400 naming it, not a NullReferenceException in the validator.
        var errors = new ValidationErrors();
        for (var i = 0; i < samples.Length; i++)
        {
            errors.Check(samples[i] is not null, $"[{i}]", $"[{i}]: a sample must be an object with externalId and text, not null.");
        }

        errors.ThrowIfAny();
        return samples!;
    }

    private static SampleInput[] FromCsv(string text, InputLimits limits)
    {
        var (header, rows) = CsvText.Parse(text, limits);
        var missing = RequiredCsvColumns.Where(h => !header.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            throw ValidationFailedException.For(
                "csv", $"The CSV header must name externalId and text (optional: url, tags as a|b|c); missing: {string.Join(", ", missing)}.");
        }

        var bad = rows.FirstOrDefault(CsvText.HasExtraFields);
        if (bad is not null)
        {
            throw ValidationFailedException.For("csv", $"Line {bad.Line} has more fields than the header; quote fields that contain commas.");
        }

        return [.. rows.Select(r => new SampleInput(
            r.Fields["externalId"],
            r.Fields["text"],
            r.Fields.GetValueOrDefault("url"),
            r.Fields.GetValueOrDefault("tags") is { Length: > 0 } tags ? tags.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
            null))];
    }
}
