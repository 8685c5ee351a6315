using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>GET /api/governance/rules?status=&amp;incidentId=&amp;q=&amp;page=&amp;pageSize=: newest first, the latest version's status.</summary>
public sealed record ListRules(string? Status, Guid? IncidentId, string? Q, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<RuleView>>;

internal sealed class ListRulesValidator : IValidator<ListRules>
{
    public ValueTask ValidateAsync(ListRules request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Status, "status", RuleStatuses.All, required: false);
        errors.Text(request.Q, "q", 0, 200);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListRulesHandler(DbSession session, RuleStore rules, RuleVisibility visibility) : IRequestHandler<ListRules, Paged<RuleView>>
{
    public async Task<Paged<RuleView>> Handle(ListRules request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var viewer = request.Viewer;
        var where = $"""
            where 1 = 1
            {(request.Status is null ? "" : "and v.status = @status")}
            {(request.IncidentId is null ? "" : "and exists (select 1 from governance_rule_incidents f where f.rule_id = r.id and f.incident_id = @incidentId)")}
            {(string.IsNullOrWhiteSpace(request.Q) ? "" : $"and (v.name {session.Dialect.ILike} @q escape '!' or r.rule_key {session.Dialect.ILike} @q escape '!')")}
            {RuleVisibility.Filter(viewer)}
            """;
        var parameters = new
        {
            status = request.Status,
            incidentId = request.IncidentId,
            q = string.IsNullOrWhiteSpace(request.Q) ? null : $"%{Paging.EscapeLike(request.Q.Trim())}%",
            viewerDepartment = viewer.Department,
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_rules r
            join governance_rule_versions v on v.rule_id = r.id and v.version = r.latest_version
            {where}
            """,
            parameters, cancellationToken: ct));
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            select r.id
            from governance_rules r
            join governance_rule_versions v on v.rule_id = r.id and v.version = r.latest_version
            {where}
            order by r.created_at desc, r.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        List<RuleView> items = [];
        foreach (var id in ids)
        {
            var rule = await rules.LoadAsync(id, ct);
            items.Add(RuleView.From(rule, viewer, await visibility.IncidentsAsync(id, viewer, ct), withVersions: false));
        }

        return new Paged<RuleView>(items, total, page, pageSize);
    }
}
