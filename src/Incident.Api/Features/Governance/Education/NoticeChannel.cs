using System.Globalization;
using Incident.Api.Infrastructure.Json;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Governance.Education;

/// <summary>What became of one send: delivered, or the reason it failed.</summary>
public sealed record NoticeSent(bool Delivered, string? Error);

/// <summary>The platform's messaging, which delivers notices to subjects: the outside world seam.</summary>
public interface INoticeChannel
{
    bool Configured { get; }

    Task<NoticeSent> SendAsync(GovernanceNotice notice, CancellationToken ct);
}

/// <summary>
/// Incident:Governance:NoticeWebhookUrl: each notice is POSTed there as JSON; any 2xx answer within the timeout
/// (Incident:Governance:NoticeTimeoutSeconds, 5) is a delivery. The notice id lets the receiver drop a repeat.
/// </summary>
public sealed class WebhookNoticeChannel(HttpClient http, IOptionsSnapshot<NoticeOptions> options) : INoticeChannel
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.NoticeWebhookUrl);

    public async Task<NoticeSent> SendAsync(GovernanceNotice notice, CancellationToken ct)
    {
        if (!Uri.TryCreate(options.Value.NoticeWebhookUrl, UriKind.Absolute, out var url))
        {
            return new NoticeSent(false, DeliveryStatuses.NoChannel);
        }

        var seconds = options.Value.NoticeTimeoutSeconds > 0 ? options.Value.NoticeTimeoutSeconds : new NoticeOptions().NoticeTimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        var payload = new
        {
            id = notice.Id,
            kind = notice.Kind,
            recipient = new { type = notice.RecipientType, id = notice.RecipientId },
            language = notice.Language,
            title = notice.Title,
            body = notice.Body,
            ruleId = notice.RuleId,
            campaignId = notice.CampaignId,
            appealId = notice.AppealId,
            createdAt = notice.CreatedAt,
        };
        try
        {
            using var response = await http.PostAsJsonAsync(url, payload, ApiJson.Options, timeout.Token);
            return response.IsSuccessStatusCode
                ? new NoticeSent(true, null)
                : new NoticeSent(false, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".Trim());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new NoticeSent(false, string.Create(CultureInfo.InvariantCulture, $"no answer within {seconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return new NoticeSent(false, e.Message);
        }
    }
}
