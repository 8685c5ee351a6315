using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Appeals;

/// <summary>
/// GET /api/governance/appeals?status=&amp;ruleId=&amp;page=&amp;pageSize=: earliest due first. Operators, leaders and admins see
/// every appeal; a partner sees the appeals addressed to its department (docs/governance.md "Who may do what").
/// </summary>
public sealed record ListAppeals(string? Status, string? RuleId, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<AppealView>>;

internal sealed class ListAppealsValidator : IValidator<ListAppeals>
{
    public ValueTask ValidateAsync(ListAppeals request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Status, "status", AppealStatuses.All, required: false);
        errors.Text(request.RuleId, "ruleId", 0, 200);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListAppealsHandler(DbSession session, RuleStore rules, TimeProvider clock) : IRequestHandler<ListAppeals, Paged<AppealView>>
{
    public async Task<Paged<AppealView>> Handle(ListAppeals request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var viewer = request.Viewer;
        Guid? ruleId = string.IsNullOrWhiteSpace(request.RuleId) ? null : await rules.ResolveAsync(request.RuleId, ct) ?? Guid.Empty;
        var where = $"""
            where 1 = 1
            {(request.Status is null ? "" : "and a.status = @status")}
            {(ruleId is null ? "" : "and a.rule_id = @ruleId")}
            {(viewer.SeesAllIncidents ? "" : "and a.reviewing_department = @department")}
            """;
        var parameters = new { status = request.Status, ruleId, department = viewer.Department, skip = (page - 1) * pageSize, take = pageSize };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_appeals a
            {where}
            """,
            parameters, cancellationToken: ct));
        var items = await AppealRow.ReadAsync(session, $"{where}\norder by a.due_at, a.id\n{session.Dialect.Page}", parameters, clock.GetUtcNow(), ct);
        return new Paged<AppealView>(items, total, page, pageSize);
    }
}
