using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>GET /api/governance/audits?ruleId=&amp;page=&amp;pageSize=: audits of the rules the viewer sees, newest first.</summary>
public sealed record ListAudits(string? RuleId, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<AuditView>>;

internal sealed class ListAuditsValidator : IValidator<ListAudits>
{
    public ValueTask ValidateAsync(ListAudits request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.RuleId, "ruleId", 0, 100);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListAuditsHandler(DbSession session, RuleStore rules, RuleVisibility visibility) : IRequestHandler<ListAudits, Paged<AuditView>>
{
    public async Task<Paged<AuditView>> Handle(ListAudits request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        Guid? ruleId = null;
        if (!string.IsNullOrWhiteSpace(request.RuleId))
        {
            ruleId = await rules.ResolveAsync(request.RuleId.Trim(), ct);
            if (ruleId is null || !await visibility.SeesAsync(ruleId.Value, viewer, ct))
            {
                throw new NotFoundException("governance rule", request.RuleId);
            }
        }

        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var where = $"""
            where 1 = 1
            {(ruleId is null ? "" : "and a.rule_id = @ruleId")}
            {RuleVisibility.Filter(viewer, "a.rule_id")}
            """;
        var parameters = new { ruleId, viewerDepartment = viewer.Department, skip = (page - 1) * pageSize, take = pageSize };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_audits a
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            select a.id as Id, a.rule_id as RuleId, r.rule_key as RuleKey, a.rule_version as RuleVersion, a.kind as Kind,
                a.sample_size as N, a.violating as Violating, a.population as Population, a.created_at as CreatedAt, a.created_by as CreatedBy
            from governance_audits a
            join governance_rules r on r.id = a.rule_id
            {where}
            order by a.created_at desc, a.id desc
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        return new Paged<AuditView>(
            [.. rows.Select(r => AuditView.Of(r.Id, r.RuleId, r.RuleKey, r.RuleVersion, r.Kind, r.N, r.Violating, r.Population, r.CreatedAt, r.CreatedBy))],
            total, page, pageSize);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid RuleId { get; init; }

        public string RuleKey { get; init; } = "";

        public int RuleVersion { get; init; }

        public string Kind { get; init; } = "";

        public int N { get; init; }

        public int Violating { get; init; }

        public long? Population { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public string CreatedBy { get; init; } = "";
    }
}
