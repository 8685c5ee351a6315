using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// GET /api/governance/enforcements/export?format=dsa&amp;ruleId=&amp;page=: one submittable batch (≤ 100, the
/// database's multiple-statements limit) of statements of reasons, oldest first. Only records that applied a
/// restriction are statements: shadow records applied nothing, and warnings or education steps restrict nothing
/// (Art. 17 DSA asks for a statement of reasons for restrictions).
/// </summary>
public sealed record ExportDsaStatements(string? Format, string? RuleId, int? Page, Viewer Viewer) : IQuery<DsaExport>;

public sealed record DsaExport(IReadOnlyList<DsaStatement> Statements, int Page, int PageSize, int Total, int? NextPage);

internal sealed class ExportDsaStatementsValidator : IValidator<ExportDsaStatements>
{
    public ValueTask ValidateAsync(ExportDsaStatements request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(request.Format == "dsa", "format", $"Unknown format '{request.Format}'; the one export format is 'dsa' (DSA Transparency Database API v2).");
        errors.Check(request.Page is null or >= 1, "page", "'page' starts at 1.");
        errors.Text(request.RuleId, "ruleId", 0, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ExportDsaStatementsHandler(DbSession session, RuleStore rules) : IRequestHandler<ExportDsaStatements, DsaExport>
{
    public const int PageSize = 100;

    public async Task<DsaExport> Handle(ExportDsaStatements request, CancellationToken ct)
    {
        var page = request.Page ?? 1;
        Guid? ruleId = string.IsNullOrWhiteSpace(request.RuleId) ? null : await rules.ResolveAsync(request.RuleId, ct) ?? Guid.Empty;
        var where = $"""
            where e.shadow = @no
                and (e.decision_visibility is not null or e.decision_monetary is not null
                    or e.decision_provision is not null or e.decision_account is not null)
            {(ruleId is null ? "" : "and e.rule_id = @ruleId")}
            {RuleVisibility.Filter(request.Viewer, "e.rule_id")}
            """;
        var parameters = new { no = false, ruleId, viewerDepartment = request.Viewer.Department, skip = (page - 1) * PageSize, take = PageSize };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_enforcements e
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<EnforcementRow>(new CommandDefinition(
            $"""
            select {EnforcementRow.Columns}, v.name as RuleName
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            join governance_rule_versions v on v.rule_id = e.rule_id and v.version = e.rule_version
            {where}
            order by e.occurred_at, e.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        return new DsaExport([.. rows.Select(DsaStatement.From)], page, PageSize, total, page * PageSize < total ? page + 1 : null);
    }
}
