using System.Text.Json;
using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Education;

public sealed record CampaignView(
    Guid Id, Guid RuleId, int RuleVersion, string Template, SegmentView Segment, string Language, int Recipients,
    int Delivered, int Failed, int Pending, int NotSent, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static CampaignView From(GovernanceCampaign c, SegmentView segment, IReadOnlyDictionary<string, int> byStatus) => new(
        c.Id, c.RuleId, c.RuleVersion, c.Template, segment, c.Language, c.Recipients,
        byStatus.GetValueOrDefault(DeliveryStatuses.Delivered), byStatus.GetValueOrDefault(DeliveryStatuses.Failed),
        byStatus.GetValueOrDefault(DeliveryStatuses.Pending), byStatus.GetValueOrDefault(DeliveryStatuses.NotSent), c.CreatedAt, c.CreatedBy);
}

public sealed record RuleNoticesView(IReadOnlyList<CampaignView> Campaigns, IReadOnlyList<NoticeView> Notices);

/// <summary>GET /api/governance/rules/{id}/notices: the rule's campaigns (newest first) and its newest 500 notices (campaigns and appeal decisions).</summary>
public sealed record RuleNotices(string IdOrKey, Viewer Viewer) : IQuery<RuleNoticesView>;

internal sealed class RuleNoticesHandler(DbSession session, RuleVisibility visibility) : IRequestHandler<RuleNotices, RuleNoticesView>
{
    public const int MaxNotices = 500;

    public async Task<RuleNoticesView> Handle(RuleNotices request, CancellationToken ct)
    {
        var rule = await visibility.LoadAsync(request.IdOrKey, request.Viewer, ct);
        var connection = await session.ConnectionAsync(ct);
        var campaigns = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            """
            select c.id as Id, c.rule_id as RuleId, c.rule_version as RuleVersion, c.template as Template, c.segment as Segment,
                c.language as Language, c.recipients as Recipients, c.created_by as CreatedBy, c.created_at as CreatedAt
            from governance_campaigns c
            where c.rule_id = @ruleId
            order by c.created_at desc, c.id
            """,
            new { ruleId = rule.Id }, cancellationToken: ct));
        var counts = (await connection.QueryAsync<StatusCount>(new CommandDefinition(
            """
            select n.campaign_id as CampaignId, n.delivery_status as Status, count(*) as Count
            from governance_notices n
            where n.rule_id = @ruleId
                and n.campaign_id is not null
            group by n.campaign_id, n.delivery_status
            """,
            new { ruleId = rule.Id }, cancellationToken: ct))).ToLookup(c => c.CampaignId);
        var notices = await connection.QueryAsync<NoticeRow>(new CommandDefinition(
            $"""
            select {NoticeRow.Columns}
            from governance_notices n
            where n.rule_id = @ruleId
            order by n.created_at desc, n.id
            {session.Dialect.Page}
            """,
            new { ruleId = rule.Id, skip = 0, take = MaxNotices }, cancellationToken: ct));
        return new RuleNoticesView(
            [.. campaigns.Select(c => CampaignView.From(
                c.ToCampaign(),
                JsonSerializer.Deserialize<SegmentView>(c.Segment, ApiJson.Options)!,
                counts[c.Id].ToDictionary(s => s.Status, s => (int)s.Count)))],
            [.. notices.Select(n => n.ToView())]);
    }

    private sealed class CampaignRow
    {
        public Guid Id { get; init; }

        public Guid RuleId { get; init; }

        public int RuleVersion { get; init; }

        public string Template { get; init; } = "";

        public string Segment { get; init; } = "{}";

        public string Language { get; init; } = "";

        public int Recipients { get; init; }

        public string CreatedBy { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public GovernanceCampaign ToCampaign() => new(Id, RuleId, RuleVersion, Template, Segment, Language, Recipients, CreatedBy, CreatedAt);
    }

    private sealed class StatusCount
    {
        public Guid CampaignId { get; init; }

        public string Status { get; init; } = "";

        public long Count { get; init; }
    }
}
