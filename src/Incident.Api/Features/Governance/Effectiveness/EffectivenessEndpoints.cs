using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>Routes and registrations of the governance effectiveness area (docs/governance.md "QA audits", "Effectiveness").</summary>
public static class EffectivenessEndpoints
{
    public static IServiceCollection AddEffectiveness(this IServiceCollection services)
    {
        services.AddScoped<AuditStore>();
        services.AddScoped<EffectivenessReads>();
        services.AddScoped<EffectivenessMeasure>();
        services.AddScoped<IReportSection, GovernanceReportSection>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var audits = app.MapGroup("/api/governance/audits").WithTags("Governance").RequireAuthorization();
        audits.MapPost("/", Record)
            .WithSummary("Record a QA audit (precision or coverage sample) of a rule version")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The rule version never ran (neither in shadow nor live): nothing to audit yet.");
        audits.MapGet("/", List)
            .WithSummary("QA audits of the rules the caller sees, newest first")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/governance/rules/{id}/effectiveness", Effectiveness)
            .WithTags("Governance")
            .RequireAuthorization()
            .WithSummary("A rule version's effectiveness: figures with 95 % intervals, checks against its targets, verdict")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<AuditView>> Record(RecordAuditBody body, HttpContext http, IMediator mediator)
    {
        var audit = await mediator.Send(new RecordAudit(body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/governance/audits?ruleId={audit.RuleId}", audit);
    }

    private static async Task<Ok<Paged<AuditView>>> List(string? ruleId, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ListAudits(ruleId, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<RuleEffectivenessView>> Effectiveness(string id, int? version, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new RuleEffectiveness(id, version, http.User.Viewer()), http.RequestAborted));
}
