using Dapper;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Incidents;

/// <summary>API.md "Visibility": anything hanging off an incident the caller may not see is 404.</summary>
public sealed class IncidentVisibility(DbSession session)
{
    /// <summary>SQL condition on alias <c>i</c> restricting to incidents the viewer sees (empty when it sees all).</summary>
    public static string Filter(Viewer viewer, string incidentIdColumn = "i.id") => viewer.SeesAllIncidents
        ? ""
        : $"and exists (select 1 from incident_departments vd where vd.incident_id = {incidentIdColumn} and vd.department = @viewerDepartment)";

    public async Task EnsureVisibleAsync(Guid incidentId, Viewer viewer, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var visible = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from incidents i
            where i.id = @incidentId
            {Filter(viewer)}
            """,
            new { incidentId, viewerDepartment = viewer.Department }, session.Transaction, cancellationToken: ct));
        if (visible == 0)
        {
            throw new NotFoundException("incident", incidentId);
        }
    }
}
