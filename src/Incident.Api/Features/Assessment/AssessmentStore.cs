using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Assessment;

public sealed record AssessmentView(
    Guid Id, Guid IncidentId, double RiskScore, string SuggestedSeverity, string Severity,
    IReadOnlyList<AssessmentFactor> Explanation, AssessmentInput Input, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>All writes to incident_assessments.</summary>
public sealed class AssessmentStore(DbSession session)
{
    public async Task InsertAsync(AssessmentView view, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into incident_assessments (id, incident_id, input, risk_score, suggested_severity, explanation, created_by, created_at)
            values (@Id, @IncidentId, @input, @RiskScore, @SuggestedSeverity, @explanation, @CreatedBy, @CreatedAt)
            """,
            new
            {
                view.Id,
                view.IncidentId,
                input = JsonSerializer.Serialize(view.Input, ApiJson.Options),
                view.RiskScore,
                view.SuggestedSeverity,
                explanation = JsonSerializer.Serialize(view.Explanation, ApiJson.Options),
                view.CreatedBy,
                view.CreatedAt,
            },
            session.Transaction,
            cancellationToken: ct));
    }
}
