namespace Incident.Api.Features.Governance.Education;

/// <summary>Notice delivery settings in the "Incident:Governance" configuration section.</summary>
public sealed class NoticeOptions
{
    public const string Section = "Incident:Governance";

    /// <summary>The platform's messaging endpoint notices are POSTed to as JSON; without it notices are not sent.</summary>
    public string? NoticeWebhookUrl { get; set; }

    public double NoticeTimeoutSeconds { get; set; } = 5;

    /// <summary>Attempts per notice before it stays failed (the first send included).</summary>
    public int MaxDeliveryAttempts { get; set; } = 3;
}
