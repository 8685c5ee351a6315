using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Governance.Rules;

public static class RulesEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/governance/rules").WithTags("Governance").RequireAuthorization();
        rules.MapPost("/", Draft).WithSummary("Draft a governance rule or strategy (version 1, draft)");
        rules.MapGet("/", List).WithSummary("List governance rules").ProducesValidationProblem();
        rules.MapGet("/{id}", Details)
            .WithSummary("A governance rule with all its versions (id or key)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPut("/{id}", Edit)
            .WithSummary("Edit the draft, or start a new draft version of a rule that has run")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "`expectedVersion` is stale, or the rule is retired.");
        foreach (var transition in RuleTransitions.All)
        {
            rules.MapPost($"/{{id}}/{transition}", (string id, ChangeRuleStatusBody? body, HttpContext http, IMediator mediator) =>
                    Change(id, transition, body, http, mediator))
                .WithSummary(TransitionSummaries[transition])
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblemWhen(StatusCodes.Status409Conflict, "The rule's state does not allow this step now (e.g. launching a version no leader approved).");
        }
    }

    private static readonly Dictionary<string, string> TransitionSummaries = new()
    {
        [RuleTransitions.Submit] = "Submit a rule's draft version for review",
        [RuleTransitions.Approve] = "Approve a rule version in review (leaders)",
        [RuleTransitions.Reject] = "Reject a rule version in review (leaders)",
        [RuleTransitions.Shadow] = "Run an approved rule in shadow: penalties are recorded as would-be, none applied (leaders and admins)",
        [RuleTransitions.Launch] = "Launch a rule: its penalties apply (leaders and admins)",
        [RuleTransitions.Pause] = "Pause a rule that runs live or in shadow (leaders and admins)",
        [RuleTransitions.Retire] = "Retire a rule for good (leaders and admins)",
    };

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
