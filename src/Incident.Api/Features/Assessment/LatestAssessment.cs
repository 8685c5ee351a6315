using System.Text.Json;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Assessment;

public sealed record LatestAssessment(Guid IncidentId, Viewer Viewer) : IQuery<AssessmentView>;

internal sealed class AssessmentRow
{
    public Guid Id { get; init; }

    public Guid IncidentId { get; init; }

    public string Input { get; init; } = "{}";

    public double RiskScore { get; init; }

    public string SuggestedSeverity { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Explanation { get; init; } = "[]";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class LatestAssessmentHandler(DbSession session, IncidentVisibility visibility) : IRequestHandler<LatestAssessment, AssessmentView>
{
    public async Task<AssessmentView> Handle(LatestAssessment request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<AssessmentRow>(new CommandDefinition(
            """
            select a.id as Id, a.incident_id as IncidentId, a.input as Input, a.risk_score as RiskScore,
                a.suggested_severity as SuggestedSeverity, i.severity as Severity, a.explanation as Explanation,
                a.created_by as CreatedBy, a.created_at as CreatedAt
            from incident_assessments a
            join incidents i on i.id = a.incident_id
            where a.incident_id = @incidentId
            order by a.created_at desc, a.id desc
            """,
            new { incidentId = request.IncidentId }, cancellationToken: ct))
            ?? throw new NotFoundException("assessment of incident", request.IncidentId);
        return new AssessmentView(
            row.Id, row.IncidentId, row.RiskScore, row.SuggestedSeverity, row.Severity,
            JsonSerializer.Deserialize<AssessmentFactor[]>(row.Explanation, ApiJson.Options) ?? [],
            JsonSerializer.Deserialize<AssessmentInput>(row.Input, ApiJson.Options)!, row.CreatedBy, row.CreatedAt);
    }
}
