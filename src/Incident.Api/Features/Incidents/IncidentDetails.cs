using Dapper;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Incidents;

public sealed record IncidentDetails(Guid Id, Viewer Viewer) : IQuery<IncidentView>;

internal sealed class IncidentDetailsHandler(DbSession session, IncidentWorkflows workflows) : IRequestHandler<IncidentDetails, IncidentView>
{
    public async Task<IncidentView> Handle(IncidentDetails request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"""
            select {IncidentRow.Columns}
            from incidents i
            where i.id = @id
            """,
            new { id = request.Id }, session.Transaction, cancellationToken: ct));
        var departments = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select department
            from incident_departments
            where incident_id = @id
            order by department
            """,
            new { id = request.Id }, session.Transaction, cancellationToken: ct));
        var involved = departments.ToArray();
        if (row is null || !(request.Viewer.SeesAllIncidents || involved.Contains(request.Viewer.Department)))
        {
            throw new NotFoundException("incident", request.Id);
        }

        return await workflows.ViewAsync(RiskIncident.Load(row, involved), request.Viewer, ct);
    }
}
