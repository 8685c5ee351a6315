namespace Incident.Api.Features.Governance;

public static class RuleKinds
{
    public const string Rule = "rule";
    public const string Strategy = "strategy";

    public static readonly IReadOnlyList<string> All = [Rule, Strategy];
}

/// <summary>Who a rule's penalties fall on (docs/governance.md "Vocabulary").</summary>
public static class SubjectTypes
{
    public const string Guild = "guild";
    public const string Creator = "creator";
    public const string LiveRoom = "live-room";
    public const string Content = "content";
    public const string Account = "account";

    public static readonly IReadOnlyList<string> All = [Guild, Creator, LiveRoom, Content, Account];
}

public static class DetectionMethods
{
    public static readonly IReadOnlyList<string> All = ["manual-review", "model", "keyword", "user-reports"];
}

/// <summary>Penalty ladder actions, mildest first (the order big platforms' ladders climb).</summary>
public static class LadderActions
{
    public const string Warning = "warning";
    public const string Education = "education";
    public const string TrafficLimit = "traffic-limit";
    public const string RevenueFreeze = "revenue-freeze";
    public const string FeatureSuspension = "feature-suspension";
    public const string GuildSuspension = "guild-suspension";
    public const string Termination = "termination";

    public static readonly IReadOnlyList<string> All =
        [Warning, Education, TrafficLimit, RevenueFreeze, FeatureSuspension, GuildSuspension, Termination];
}

public static class RuleStatuses
{
    public const string Draft = "draft";
    public const string InReview = "in-review";
    public const string Approved = "approved";
    public const string Shadow = "shadow";
    public const string Live = "live";
    public const string Paused = "paused";
    public const string Retired = "retired";

    public static readonly IReadOnlyList<string> All = [Draft, InReview, Approved, Shadow, Live, Paused, Retired];

    /// <summary>A version in one of these takes enforcement records (shadow ones count, never strike).</summary>
    public static bool Enforcing(string status) => status is Shadow or Live;
}

public static class RuleTransitions
{
    public const string Submit = "submit";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Shadow = "shadow";
    public const string Launch = "launch";
    public const string Pause = "pause";
    public const string Retire = "retire";

    public static readonly IReadOnlyList<string> All = [Submit, Approve, Reject, Shadow, Launch, Pause, Retire];
}

/// <summary>Timeline event types of the governance area (API.md "Governance").</summary>
public static class GovernanceEvents
{
    public const string RuleChanged = "governance.rule-changed";
    public const string Launched = "governance.launched";
    public const string EnforcementImported = "governance.enforcement-imported";
    public const string AuditRecorded = "governance.audit-recorded";
    public const string NoticesSent = "governance.notices-sent";
    public const string EffectMeasured = "governance.effect-measured";
    public const string AppealFiled = "appeal.filed";
    public const string AppealDecided = "appeal.decided";
}
