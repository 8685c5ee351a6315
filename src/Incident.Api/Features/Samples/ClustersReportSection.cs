using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Samples;

/// <summary>The latest clustering run in a report's <c>{{section.clusters}}</c>: the content's characteristics, largest cluster first.</summary>
internal sealed class ClustersReportSection(DbSession session) : IReportSection
{
    private const int MaxClusters = 10;

    public string Name => "clusters";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(int SampleCount, string Clusters, DateTimeOffset CreatedAt)>(new CommandDefinition(
            """
            select sample_count, clusters, created_at
            from sample_cluster_runs
            where incident_id = @incidentId
            order by created_at desc, id desc
            """,
            new { incidentId = context.Incident.Id }, session.Transaction, cancellationToken: ct));
        if (row.Clusters is null)
        {
            return null;
        }

        var clusters = JsonSerializer.Deserialize<ClusterView[]>(row.Clusters, ApiJson.Options) ?? [];
        var text = new StringBuilder("## 内容特征 Content characteristics\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{row.SampleCount} 条样本聚为 {clusters.Length} 类 · {row.SampleCount} samples in {clusters.Length} clusters ({Md.Time(row.CreatedAt)})\n\n");
        text.Append(Md.Table(
            ["#", "数量 Size", "特征词 Terms", "概述 Summary"],
            clusters.OrderByDescending(c => c.Size).Take(MaxClusters).Select(c => new[]
            {
                c.Id.ToString(CultureInfo.InvariantCulture),
                c.Size.ToString(CultureInfo.InvariantCulture),
                string.Join(" / ", c.Terms),
                c.Summary,
            })));
        return text.ToString();
    }
}
