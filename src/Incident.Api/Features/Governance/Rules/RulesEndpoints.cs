using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Governance.Rules;

public static class RulesEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/governance/rules").WithTags("Governance").RequireAuthorization();
        rules.MapPost("/", Draft).WithSummary("Draft a governance rule or strategy (version 1, draft)");
        rules.MapGet("/", List).WithSummary("List governance rules");
        rules.MapGet("/{id}", Details).WithSummary("A governance rule with all its versions (id or key)");
        rules.MapPut("/{id}", Edit).WithSummary("Edit the draft, or start a new draft version of a rule that has run");
        foreach (var transition in RuleTransitions.All)
        {
            rules.MapPost($"/{{id}}/{transition}", (string id, ChangeRuleStatusBody? body, HttpContext http, IMediator mediator) =>
                    Change(id, transition, body, http, mediator))
                .WithSummary($"Lifecycle: {transition} the rule");
        }
    }

    private static async Task<Created<RuleView>> Draft(RuleBody body, HttpContext http, IMediator mediator)
    {
        var rule = await mediator.Send(new DraftRule(body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/governance/rules/{rule.Id}", rule);
    }

    private static async Task<Ok<Paged<RuleView>>> List(
        string? status, Guid? incidentId, string? q, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ListRules(status, incidentId, q, page, pageSize, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<RuleView>> Details(string id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new RuleDetails(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<RuleView>> Edit(string id, RuleBody body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new EditRule(id, body, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<RuleView>> Change(string id, string transition, ChangeRuleStatusBody? body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new ChangeRuleStatus(id, transition, body, http.User.Viewer()), http.RequestAborted));
}
