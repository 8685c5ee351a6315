namespace Incident.Api.Features.Governance.Rules;

/// <summary>One version of a rule: its content and where it stands in the lifecycle.</summary>
public sealed class RuleVersion
{
    public int Version { get; init; }

    public string Status { get; internal set; } = RuleStatuses.Draft;

    public RuleContent Content { get; internal set; } = null!;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public DateTimeOffset? SubmittedAt { get; internal set; }

    public string? ApprovedBy { get; internal set; }

    public DateTimeOffset? ApprovedAt { get; internal set; }

    public DateTimeOffset? ShadowAt { get; internal set; }

    public string? LaunchedBy { get; internal set; }

    public DateTimeOffset? LaunchedAt { get; internal set; }

    public DateTimeOffset? PausedAt { get; internal set; }

    public DateTimeOffset? RetiredAt { get; internal set; }

    public int? SupersededBy { get; internal set; }

    /// <summary>Draft, in review or approved: a version that has not run yet.</summary>
    public bool IsPending => Status is RuleStatuses.Draft or RuleStatuses.InReview or RuleStatuses.Approved;
}
