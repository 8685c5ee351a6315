using System.Data.Common;
using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Education;

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string NotSent = "not-sent";

    public const string NoChannel = "no delivery channel configured";
}

/// <summary>
/// A notice to one subject. Written in the transaction of what caused it, as pending (or not-sent when no channel is
/// configured); the delivery job sends it after commit, so a crash loses no notice and a rollback sends none.
/// </summary>
public sealed record GovernanceNotice(
    Guid Id, Guid RuleId, Guid? CampaignId, Guid? AppealId, string Kind, string RecipientType, string RecipientId, string Language,
    string Title, string Body, string DeliveryStatus, int Attempts, DateTimeOffset? DeliveredAt, string? Error, DateTimeOffset CreatedAt)
{
    public static GovernanceNotice Compose(
        Guid ruleId, Guid? campaignId, Guid? appealId, string kind, string recipientType, string recipientId, string language,
        NoticeText text, bool channelConfigured, DateTimeOffset now) => new(
        Guid.CreateVersion7(now), ruleId, campaignId, appealId, kind, recipientType, recipientId, language,
        text.Title.Length <= 200 ? text.Title : text.Title[..200], text.Body,
        channelConfigured ? DeliveryStatuses.Pending : DeliveryStatuses.NotSent, 0, null,
        channelConfigured ? null : DeliveryStatuses.NoChannel, now);
}

public sealed record GovernanceCampaign(
    Guid Id, Guid RuleId, int RuleVersion, string Template, string Segment, string Language, int Recipients, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>All writes to governance_campaigns and governance_notices.</summary>
public sealed class NoticeStore(DbSession session)
{
    public async Task InsertCampaignAsync(GovernanceCampaign campaign, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into governance_campaigns (id, rule_id, rule_version, template, segment, language, recipients, created_by, created_at)
            values (@Id, @RuleId, @RuleVersion, @Template, @Segment, @Language, @Recipients, @CreatedBy, @CreatedAt)
            """,
            campaign, tx, cancellationToken: ct));
    }

    /// <summary>Inserts notices with one reused command (a campaign may address 10,000 subjects).</summary>
    public async Task InsertAsync(IReadOnlyList<GovernanceNotice> notices, CancellationToken ct)
    {
        if (notices.Count == 0)
        {
            return;
        }

        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into governance_notices (id, rule_id, campaign_id, appeal_id, kind, recipient_type, recipient_id, language, title, body,
                delivery_status, attempts, delivered_at, error, created_at)
            values (@Id, @RuleId, @CampaignId, @AppealId, @Kind, @RecipientType, @RecipientId, @Language, @Title, @Body,
                @DeliveryStatus, @Attempts, @DeliveredAt, @Error, @CreatedAt)
            """,
            notices, tx, cancellationToken: ct));
    }

    /// <summary>Records one delivery attempt unless another run recorded this attempt first; false then.</summary>
    public async Task<bool> RecordAttemptAsync(Guid id, int attemptsBefore, string status, DateTimeOffset? deliveredAt, string? error, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_notices
            set delivery_status = @status, attempts = @attemptsBefore + 1, delivered_at = @deliveredAt, error = @error
            where id = @id
                and attempts = @attemptsBefore
                and delivery_status in ('pending', 'failed')
            """,
            new { id, attemptsBefore, status, deliveredAt, error }, tx, cancellationToken: ct)) == 1;
    }

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Notice writes run inside a command's transaction."));
    }
}
