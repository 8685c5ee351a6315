using System.Globalization;
using System.Text.RegularExpressions;
using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Education;

/// <summary>A notice's text: what the platform's messaging shows the subject.</summary>
public sealed record NoticeText(string Title, string Body);

/// <summary>
/// The notices subjects receive, in zh-CN and en: market-education campaigns (new rule, changed rule, training)
/// and appeal decisions. Filled from the rule's version; the platform's messaging renders them as plain text.
/// </summary>
public static partial class NoticeTemplates
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public const string NewRule = "new-rule";
    public const string RuleChanged = "rule-changed";
    public const string Education = "education";

    /// <summary>The kind of a notice that tells a subject how its appeal was decided.</summary>
    public const string AppealDecision = "appeal-decision";

    public static readonly IReadOnlyList<string> Languages = [Chinese, English];

    public static readonly IReadOnlyList<string> Campaigns = [NewRule, RuleChanged, Education];

    /// <summary>Douyin's subjects read Chinese, TikTok Live's English; anything else gets Chinese, the home market's.</summary>
    public static string LanguageFor(string businessLine) => businessLine == "tiktok-live" ? English : Chinese;

    public static NoticeText Campaign(string template, string language, string ruleKey, RuleVersion version)
    {
        var c = version.Content;
        var (name, risk, ladder, window) = (c.Name, Plain(c.Characteristics), Ladder(c.Ladder, language), c.StrikeWindowDays);
        return (template, language) switch
        {
            (NewRule, Chinese) => new($"新规则上线：{name}",
                $"您好！平台已上线规则「{name}」（{ruleKey}）。规则针对的风险：{risk}。违规将按以下处罚阶梯处理：{ladder}。违规记录在 {window} 天内累计计算。请遵守平台规范。"),
            (RuleChanged, Chinese) => new($"规则更新：{name}",
                $"您好！平台规则「{name}」（{ruleKey}）已更新为第 {version.Version} 版。更新后的处罚阶梯：{ladder}。违规记录在 {window} 天内累计计算。"),
            (Education, Chinese) => new($"合规学习提醒：{name}",
                $"您好！根据平台规则「{name}」（{ruleKey}），请完成相关合规学习。规则针对的风险：{risk}。{window} 天内再次违规将按处罚阶梯升级处理：{ladder}。"),
            (NewRule, _) => new($"New rule: {name}",
                $"Hello! We have launched the rule \"{name}\" ({ruleKey}). It targets: {risk}. Violations follow this penalty ladder: {ladder}. Violations count for {window} days."),
            (RuleChanged, _) => new($"Rule updated: {name}",
                $"Hello! The rule \"{name}\" ({ruleKey}) is now at version {version.Version}. Its penalty ladder: {ladder}. Violations count for {window} days."),
            _ => new($"Compliance training: {name}",
                $"Hello! Under the rule \"{name}\" ({ruleKey}), please complete the compliance training. It targets: {risk}. A repeat violation within {window} days moves up the penalty ladder: {ladder}."),
        };
    }

    public static NoticeText Decision(string language, string ruleName, string ruleKey, string action, DateTimeOffset occurredAt, bool overturned, string reason)
    {
        var date = occurredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return language == Chinese
            ? new($"申诉结果：{ruleName}",
                $"您对处罚「{ActionName(action, Chinese)}」（规则「{ruleName}」，{ruleKey}，{date}）的申诉已审核完毕，结果：" +
                (overturned ? "撤销该处罚，该记录不再计入违规次数。" : "维持原处罚。") + $"理由：{reason}")
            : new($"Appeal decision: {ruleName}",
                $"Your appeal against the penalty \"{ActionName(action, English)}\" (rule \"{ruleName}\", {ruleKey}, {date}) has been reviewed: " +
                (overturned ? "the penalty is overturned and no longer counts as a strike." : "the penalty is upheld.") + $" Reason: {reason}");
    }

    public static string ActionName(string action, string language) => (action, language == Chinese) switch
    {
        (LadderActions.Warning, true) => "警告",
        (LadderActions.Education, true) => "合规学习",
        (LadderActions.TrafficLimit, true) => "限流",
        (LadderActions.RevenueFreeze, true) => "冻结收益",
        (LadderActions.FeatureSuspension, true) => "暂停功能",
        (LadderActions.GuildSuspension, true) => "暂停公会",
        (LadderActions.Termination, true) => "终止合作",
        (_, true) => action,
        _ => action.Replace('-', ' '),
    };

    private static string Ladder(IReadOnlyList<LadderStep> ladder, string language) => language == Chinese
        ? string.Join("；", ladder.Select(s => $"第 {s.Strike} 次：{ActionName(s.Action, Chinese)}{(s.DurationDays is { } d ? $" {d} 天" : "")}"))
        : string.Join("; ", ladder.Select(s => $"strike {s.Strike}: {ActionName(s.Action, English)}{(s.DurationDays is { } d ? $" for {d} days" : "")}"));

    /// <summary>The characteristics are Markdown; a notice carries their first 300 characters as plain text.</summary>
    private static string Plain(string markdown)
    {
        var text = Markup().Replace(markdown, "").ReplaceLineEndings(" ").Trim();
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    [GeneratedRegex(@"[*_`#>\[\]]")]
    private static partial Regex Markup();
}
