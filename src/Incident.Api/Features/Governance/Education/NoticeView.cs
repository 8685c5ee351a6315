using Dapper;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Education;

public sealed record NoticeView(
    Guid Id,
    Guid RuleId,
    SubjectView Recipient,
    string Kind,
    string Language,
    string Title,
    string Body,
    string DeliveryStatus,
    int Attempts,
    DateTimeOffset? DeliveredAt,
    string? Error,
    Guid? CampaignId,
    Guid? AppealId,
    DateTimeOffset CreatedAt)
{
    public static NoticeView From(GovernanceNotice n) => new(
        n.Id, n.RuleId, new SubjectView(n.RecipientType, n.RecipientId), n.Kind, n.Language, n.Title, n.Body, n.DeliveryStatus, n.Attempts,
        n.DeliveredAt, n.Error, n.CampaignId, n.AppealId, n.CreatedAt);
}

/// <summary>governance_notices as Dapper reads it.</summary>
public sealed class NoticeRow
{
    public const string Columns =
        """
        n.id as Id, n.rule_id as RuleId, n.campaign_id as CampaignId, n.appeal_id as AppealId, n.kind as Kind,
        n.recipient_type as RecipientType, n.recipient_id as RecipientId, n.language as Language, n.title as Title, n.body as Body,
        n.delivery_status as DeliveryStatus, n.attempts as Attempts, n.delivered_at as DeliveredAt, n.error as Error, n.created_at as CreatedAt
        """;

    public Guid Id { get; init; }

    public Guid RuleId { get; init; }

    public Guid? CampaignId { get; init; }

    public Guid? AppealId { get; init; }

    public string Kind { get; init; } = "";

    public string RecipientType { get; init; } = "";

    public string RecipientId { get; init; } = "";

    public string Language { get; init; } = "";

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    public string DeliveryStatus { get; init; } = "";

    public int Attempts { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public GovernanceNotice ToNotice() => new(
        Id, RuleId, CampaignId, AppealId, Kind, RecipientType, RecipientId, Language, Title, Body, DeliveryStatus, Attempts, DeliveredAt, Error, CreatedAt);

    public NoticeView ToView() => NoticeView.From(ToNotice());

    /// <summary>The latest decision notice of each appeal (the appeal view's notice).</summary>
    public static async Task<Dictionary<Guid, NoticeView>> ForAppealsAsync(DbSession session, IReadOnlyCollection<Guid> appealIds, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var notices = new Dictionary<Guid, NoticeView>();
        foreach (var chunk in appealIds.Chunk(500))
        {
            var rows = await connection.QueryAsync<NoticeRow>(new CommandDefinition(
                $"""
                select {Columns}
                from governance_notices n
                where {session.Dialect.InList("n.appeal_id", "@ids")}
                order by n.created_at
                """,
                new { ids = chunk }, session.Transaction, cancellationToken: ct));
            foreach (var row in rows)
            {
                notices[row.AppealId!.Value] = row.ToView();
            }
        }

        return notices;
    }
}
