using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.StatusUpdates;

/// <summary>Who may post an update: whoever works incidents, the lead, and anyone assigned to one of its tasks.</summary>
public sealed class StatusUpdateRules(DbSession session)
{
    public async Task EnsureMayPostAsync(RiskIncident incident, Viewer viewer, CancellationToken ct)
    {
        if (viewer.MayWorkIncidents || viewer.Username == incident.Lead)
        {
            return;
        }

        var connection = await session.ConnectionAsync(ct);
        var assigned = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            select count(*)
            from task_assignees a
            where a.incident_id = @incidentId
                and a.username = @username
            """,
            new { incidentId = incident.Id, username = viewer.Username }, session.Transaction, cancellationToken: ct));
        if (assigned == 0)
        {
            throw new ForbiddenException("Status updates are posted by operators, leaders, admins, the incident's lead and its assignees.");
        }
    }
}
