using System.Text.Json;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>Routes and registrations of the governance enforcement area (docs/governance.md "Enforcement records").</summary>
public static class EnforcementEndpoints
{
    public static IServiceCollection AddEnforcement(this IServiceCollection services)
    {
        services.AddScoped<EnforcementStore>();
        services.AddScoped<BatchRules>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var enforcements = app.MapGroup("/api/governance/enforcements").WithTags("Governance").RequireAuthorization();
        // 10,000 records with their DSA fields and facts need far more than the default 1 MB.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<InputLimits>>().Value;
        enforcements.MapPost("/", Import).WithMetadata(new RequestSizeLimitAttribute(limits.MaxUploadBodyBytes))
            .Accepts<EnforcementBatchBody>("application/json", "text/csv").WithSummary("Record a batch of enforcement decisions (1–10,000; JSON or CSV)")
            .WithDescription(
                "JSON `{ records: [...] }`, or `text/csv` with the header `externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave," +
                "automatedDetection,automatedDecision,decisionGround,dsaCategory,contentType,facts` (docs/governance.md). Up to 16 MB. " +
                "The same `externalId` and body again changes nothing.")
            .ProducesProblemWhen(
                StatusCodes.Status409Conflict,
                "An `externalId` was imported before with another body, or a rule named is neither live nor in shadow.");
        enforcements.MapGet("/", List).WithSummary("Enforcement records, newest first").ProducesValidationProblem();
        enforcements.MapGet("/export", Export)
            .WithSummary("Statements of reasons for the DSA Transparency Database (API v2), 100 a page")
            .ProducesValidationProblem();
        enforcements.MapPost("/{externalId}/education-completed", Completed)
            .WithSummary("The subject finished the training of an education step")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The record is not an education step, or it is a shadow or reversed penalty.");
        app.MapGet("/api/governance/subjects/{type}/{id}", Subject).WithTags("Governance").RequireAuthorization()
            .WithSummary("A subject's strikes, penalties, records, appeals and notices")
            .ProducesValidationProblem();
    }

    public static bool IsCsv(HttpRequest request) =>
        request.ContentType?.Split(';')[0].Trim().Equals("text/csv", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Reads a JSON body; a body that is no JSON of the shape is the same 400 the framework gives (naming the path).</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext http, string shape)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException($"Send application/json {shape}, or text/csv with a header row.", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            // The API's JSON options (depth limit, duplicate members refused), as every bound body.
            return await http.Request.ReadFromJsonAsync<T>(http.RequestAborted)
                ?? throw new BadHttpRequestException($"The body is empty; expected {shape}.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON of the expected shape.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static async Task<Created<ImportedEnforcements>> Import(HttpContext http, IMediator mediator)
    {
        IReadOnlyList<EnforcementSubmission> submissions;
        if (IsCsv(http.Request))
        {
            submissions = EnforcementCsv.Parse(await CsvUpload.ReadTextAsync(http.Request), CsvUpload.Limits(http));
        }
        else
        {
            var body = await ReadJsonAsync<EnforcementBatchBody>(http, "{ records: [ … ] }");
            submissions = [.. (body.Records ?? []).Select((r, i) => new EnforcementSubmission(new InputRow($"records[{i}]", Csv: false), r))];
        }

        var imported = await mediator.Send(new ImportEnforcements(submissions, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created("/api/governance/enforcements", imported);
    }

    private static async Task<Ok<Paged<EnforcementView>>> List(
        string? ruleId, string? subjectType, string? subjectId, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new EnforcementRecords(ruleId, subjectType, subjectId, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<DsaExport>> Export(string? format, string? ruleId, int? page, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ExportDsaStatements(format, ruleId, page, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<EnforcementView>> Completed(string externalId, CompleteEducationBody? body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new CompleteEducation(externalId, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<SubjectStandingView>> Subject(string type, string id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new SubjectStanding(type, id, http.User.Viewer()), http.RequestAborted));
}
