using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Quartz;

namespace Incident.Api.Features.Governance.Appeals;

public sealed record FiledAppeals(int Accepted, IReadOnlyList<AppealView> Appeals);

/// <summary>Routes and registrations of the governance appeals area (docs/governance.md "Appeals").</summary>
public static class AppealsEndpoints
{
    private static readonly string[] CsvColumns = ["enforcementExternalId", "statement", "filedAt"];

    public static IServiceCollection AddAppeals(this IServiceCollection services)
    {
        services.AddOptions<AppealOptions>().BindConfiguration(AppealOptions.Section);
        services.AddScoped<AppealStore>();
        services.AddSingleton<AppealSignalFeed>();
        services.ConfigureAllQuartzSchedulers(q =>
        {
            var job = new JobKey("feed-appeal-signals");
            q.AddJob<FeedAppealSignalsJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t.ForJob(job).WithIdentity("feed-appeal-signals-hourly").WithCronSchedule("0 5 * * * ?"));
        });
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var appeals = app.MapGroup("/api/governance/appeals").WithTags("Governance").RequireAuthorization();
        // 10,000 CSV rows of statements up to 5,000 characters need more than the default 1 MB.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<InputLimits>>().Value;
        appeals.MapPost("/", File).WithMetadata(new RequestSizeLimitAttribute(limits.MaxUploadBodyBytes))
            .Accepts<FileAppealBody>("application/json", "text/csv").WithSummary("File an appeal (JSON) or many (text/csv)")
            .WithDescription("`text/csv` with the header `enforcementExternalId,statement[,filedAt]`, up to 16 MB; answers `{ accepted, appeals }`.")
            .Produces<AppealView>(StatusCodes.Status201Created)
            .ProducesProblemWhen(StatusCodes.Status404NotFound, "No enforcement record has this `enforcementExternalId` (JSON; a CSV row reports it as a 400).")
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The record was reversed, is a shadow penalty, or already has a pending appeal.");
        appeals.MapGet("/", Queue).WithSummary("The appeals queue, earliest due first").ProducesValidationProblem();
        appeals.MapPost("/{id:guid}/decide", Decide).WithSummary("Decide an appeal: upheld or overturned (review-ops and leaders)")
            .WithDescription("An overturn removes the strike (the record shows `reversed: true`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The appeal was already decided.");
    }

    private static async Task<IResult> File(HttpContext http, IMediator mediator)
    {
        var viewer = http.User.Viewer();
        if (EnforcementEndpoints.IsCsv(http.Request))
        {
            var submissions = FromCsv(await CsvUpload.ReadTextAsync(http.Request), CsvUpload.Limits(http));
            var filed = await mediator.Send(new FileAppeals(submissions, viewer), http.RequestAborted);
            return TypedResults.Created("/api/governance/appeals", new FiledAppeals(filed.Count, filed));
        }

        var body = await EnforcementEndpoints.ReadJsonAsync<FileAppealBody>(http, "{ enforcementExternalId, statement, filedAt? }");
        var appeal = (await mediator.Send(new FileAppeals([new AppealSubmission(new InputRow("", Csv: false), body)], viewer), http.RequestAborted))[0];
        return TypedResults.Created($"/api/governance/appeals/{appeal.Id}", appeal);
    }

    private static async Task<Ok<Paged<AppealView>>> Queue(string? status, string? ruleId, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ListAppeals(status, ruleId, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<AppealView>> Decide(Guid id, DecideAppealBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new DecideAppeal(id, body, http.User.Viewer()), http.RequestAborted));

    private static List<AppealSubmission> FromCsv(string text, InputLimits limits)
    {
        var (header, rows) = CsvText.Parse(text, limits);
        var missing = CsvColumns[..2].Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var unknown = header.Where(h => !CsvColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw ValidationFailedException.For("csv",
                $"line 1: the header must be enforcementExternalId,statement[,filedAt]" +
                $"{(missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "")}{(unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")}.");
        }

        if (rows.FirstOrDefault(CsvText.HasExtraFields) is { } bad)
        {
            throw ValidationFailedException.For($"line {bad.Line}", $"line {bad.Line}: more fields than the header; quote fields that contain commas.");
        }

        return [.. rows.Select(r => new AppealSubmission(
            new InputRow($"line {r.Line}", Csv: true),
            new FileAppealBody(r.Fields["enforcementExternalId"], r.Fields["statement"], r.Fields.GetValueOrDefault("filedAt"))))];
    }
}
