using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>
/// docs/governance.md "Visibility": operators, leaders and admins see every rule; a partner only the
/// rules of incidents its department is involved in. Anything else is 404 for a partner.
/// </summary>
public sealed class RuleVisibility(DbSession session, RuleStore rules)
{
    /// <summary>SQL condition (starting with "and") on a rule id column; empty when the viewer sees all. Binds @viewerDepartment.</summary>
    public static string Filter(Viewer viewer, string ruleIdColumn = "r.id") => viewer.SeesAllIncidents
        ? ""
        : $"""
          and exists (
              select 1
              from governance_rule_incidents vri
              join incident_departments vd on vd.incident_id = vri.incident_id
              where vri.rule_id = {ruleIdColumn}
                  and vd.department = @viewerDepartment)
          """;

    /// <summary>The rule named by id or key, loaded (locked inside a command), or 404 when it does not exist or the viewer may not see it.</summary>
    public async Task<GovernanceRule> LoadAsync(string idOrKey, Viewer viewer, CancellationToken ct)
    {
        var id = await rules.ResolveAsync(idOrKey, ct) ?? throw new NotFoundException("governance rule", idOrKey);
        if (!viewer.SeesAllIncidents && !await SeesAsync(id, viewer, ct))
        {
            throw new NotFoundException("governance rule", idOrKey);
        }

        return await rules.LoadAsync(id, ct);
    }

    public async Task<bool> SeesAsync(Guid ruleId, Viewer viewer, CancellationToken ct)
    {
        if (viewer.SeesAllIncidents)
        {
            return true;
        }

        var connection = await session.ConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from governance_rules r
            where r.id = @ruleId
            {Filter(viewer)}
            """,
            new { ruleId, viewerDepartment = viewer.Department }, session.Transaction, cancellationToken: ct)) > 0;
    }

    /// <summary>The rule's linked incidents the viewer may see, for the view.</summary>
    public async Task<IReadOnlyList<RuleIncidentRef>> IncidentsAsync(Guid ruleId, Viewer viewer, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<IncidentRefRow>(new CommandDefinition(
            $"""
            select i.id as Id, i.incident_key as Key, i.title as Title, i.status as Status, i.stage as Stage
            from governance_rule_incidents ri
            join incidents i on i.id = ri.incident_id
            where ri.rule_id = @ruleId
            {IncidentVisibility.Filter(viewer)}
            order by i.opened_at
            """,
            new { ruleId, viewerDepartment = viewer.Department }, session.Transaction, cancellationToken: ct));
        return [.. rows.Select(r => new RuleIncidentRef(r.Id, r.Key, r.Title, r.Status, r.Stage))];
    }

    private sealed class IncidentRefRow
    {
        public Guid Id { get; init; }

        public string Key { get; init; } = "";

        public string Title { get; init; } = "";

        public string Status { get; init; } = "";

        public string Stage { get; init; } = "";
    }
}
