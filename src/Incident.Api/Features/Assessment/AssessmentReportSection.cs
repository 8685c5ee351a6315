using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Assessment;

/// <summary>The latest risk assessment in a report's <c>{{section.assessment}}</c>: score, suggestion and each factor's share.</summary>
internal sealed class AssessmentReportSection(DbSession session) : IReportSection
{
    public string Name => "assessment";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(double RiskScore, string SuggestedSeverity, string Explanation, string CreatedBy, DateTimeOffset CreatedAt)>(
            new CommandDefinition(
                """
                select risk_score, suggested_severity, explanation, created_by, created_at
                from incident_assessments
                where incident_id = @incidentId
                order by created_at desc, id desc
                """,
                new { incidentId = context.Incident.Id }, session.Transaction, cancellationToken: ct));
        if (row.SuggestedSeverity is null)
        {
            return null;
        }

        var factors = JsonSerializer.Deserialize<AssessmentFactor[]>(row.Explanation, ApiJson.Options) ?? [];
        var text = new StringBuilder("## 风险评估 Risk assessment\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"风险分 Risk score **{row.RiskScore:0.0}** / 100 · 建议等级 suggested **{row.SuggestedSeverity}** · 当前等级 current **{context.Incident.Severity}** · {Md.Cell(row.CreatedBy)}, {Md.Time(row.CreatedAt)}\n\n");
        text.Append(Md.Table(
            ["因素 Factor", "权重 Weight", "得分 Score", "贡献 Points", "说明 Why"],
            factors.Select(f => new[]
            {
                f.Factor,
                f.Weight.ToString("0.00", CultureInfo.InvariantCulture),
                f.Score.ToString("0.000", CultureInfo.InvariantCulture),
                f.Contribution.ToString("0.0", CultureInfo.InvariantCulture),
                f.Explanation,
            })));
        return text.ToString();
    }
}
