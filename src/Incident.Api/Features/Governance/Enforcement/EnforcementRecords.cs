using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>GET /api/governance/enforcements?ruleId=&amp;subjectType=&amp;subjectId=&amp;page=&amp;pageSize=: newest first, visible rules only.</summary>
public sealed record EnforcementRecords(string? RuleId, string? SubjectType, string? SubjectId, int? Page, int? PageSize, Viewer Viewer)
    : IQuery<Paged<EnforcementView>>;

internal sealed class EnforcementRecordsValidator : IValidator<EnforcementRecords>
{
    public ValueTask ValidateAsync(EnforcementRecords request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.SubjectType, "subjectType", SubjectTypes.All, required: false);
        errors.Text(request.SubjectId, "subjectId", 0, 200);
        errors.Text(request.RuleId, "ruleId", 0, 200);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class EnforcementRecordsHandler(DbSession session, RuleStore rules) : IRequestHandler<EnforcementRecords, Paged<EnforcementView>>
{
    public async Task<Paged<EnforcementView>> Handle(EnforcementRecords request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var viewer = request.Viewer;
        Guid? ruleId = null;
        if (!string.IsNullOrWhiteSpace(request.RuleId))
        {
            // An unknown rule filters to nothing, as a rule the viewer may not see does.
            ruleId = await rules.ResolveAsync(request.RuleId, ct) ?? Guid.Empty;
        }

        var where = $"""
            where 1 = 1
            {(ruleId is null ? "" : "and e.rule_id = @ruleId")}
            {(request.SubjectType is null ? "" : "and e.subject_type = @subjectType")}
            {(string.IsNullOrWhiteSpace(request.SubjectId) ? "" : "and e.subject_id = @subjectId")}
            {RuleVisibility.Filter(viewer, "e.rule_id")}
            """;
        var parameters = new
        {
            ruleId,
            subjectType = request.SubjectType,
            subjectId = request.SubjectId?.Trim(),
            viewerDepartment = viewer.Department,
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_enforcements e
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = (await connection.QueryAsync<EnforcementRow>(new CommandDefinition(
            $"""
            select {EnforcementRow.Columns}
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            {where}
            order by e.occurred_at desc, e.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct))).ToList();
        var appeals = await EnforcementRow.LatestAppealsAsync(session, [.. rows.Select(r => r.Id)], ct);
        return new Paged<EnforcementView>([.. rows.Select(r => r.ToView(appeals.TryGetValue(r.Id, out var a) ? a : null))], total, page, pageSize);
    }
}
