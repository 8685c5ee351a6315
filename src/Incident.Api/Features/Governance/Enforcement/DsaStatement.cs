using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// One statement of reasons in the shape of the DSA Transparency Database API v2 (POST /api/v2/statements takes up to
/// 100 of these): snake_case keys, the database's enums, dates as YYYY-MM-DD, "Yes"/"No" flags. Absent optional
/// attributes are left out rather than sent as null.
/// </summary>
public sealed partial record DsaStatement
{
    [JsonPropertyName("decision_visibility")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? DecisionVisibility { get; init; }

    [JsonPropertyName("end_date_visibility_restriction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndDateVisibilityRestriction { get; init; }

    [JsonPropertyName("decision_monetary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionMonetary { get; init; }

    [JsonPropertyName("end_date_monetary_restriction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndDateMonetaryRestriction { get; init; }

    [JsonPropertyName("decision_provision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionProvision { get; init; }

    [JsonPropertyName("end_date_service_restriction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndDateServiceRestriction { get; init; }

    [JsonPropertyName("decision_account")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecisionAccount { get; init; }

    [JsonPropertyName("end_date_account_restriction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndDateAccountRestriction { get; init; }

    [JsonPropertyName("decision_ground")]
    public string DecisionGround { get; init; } = "";

    [JsonPropertyName("illegal_content_legal_ground")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IllegalContentLegalGround { get; init; }

    [JsonPropertyName("illegal_content_explanation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IllegalContentExplanation { get; init; }

    [JsonPropertyName("incompatible_content_ground")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IncompatibleContentGround { get; init; }

    [JsonPropertyName("incompatible_content_explanation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IncompatibleContentExplanation { get; init; }

    [JsonPropertyName("content_type")]
    public IReadOnlyList<string> ContentType { get; init; } = [];

    [JsonPropertyName("content_type_other")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentTypeOther { get; init; }

    [JsonPropertyName("category")]
    public string Category { get; init; } = "";

    [JsonPropertyName("territorial_scope")]
    public IReadOnlyList<string> TerritorialScope { get; init; } = [];

    [JsonPropertyName("content_language")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentLanguage { get; init; }

    [JsonPropertyName("content_date")]
    public string ContentDate { get; init; } = "";

    [JsonPropertyName("application_date")]
    public string ApplicationDate { get; init; } = "";

    [JsonPropertyName("decision_facts")]
    public string DecisionFacts { get; init; } = "";

    [JsonPropertyName("source_type")]
    public string SourceType { get; init; } = "";

    [JsonPropertyName("automated_detection")]
    public string AutomatedDetection { get; init; } = "";

    [JsonPropertyName("automated_decision")]
    public string AutomatedDecision { get; init; } = "";

    [JsonPropertyName("puid")]
    public string Puid { get; init; } = "";

    /// <summary>The statement for a stored, non-shadow record that restricts something.</summary>
    public static DsaStatement From(EnforcementRow r)
    {
        string? End(bool applies) => applies && r.DurationDays is { } days ? Date(r.OccurredAt.AddDays(days)) : null;
        var visibility = r.DecisionVisibility is null ? null : EnforcementRow.List(r.DecisionVisibility);
        var contentTypes = EnforcementRow.List(r.ContentType);
        var illegal = r.DecisionGround == "illegal-content";
        var reference = $"{r.RuleName} ({r.RuleKey} v{r.RuleVersion})";
        var facts = r.Facts.Length > 0 ? r.Facts : $"{reference}: strike {r.Strike}, ladder step {r.Action}.";
        return new DsaStatement
        {
            DecisionVisibility = visibility is { Count: > 0 } ? visibility : null,
            EndDateVisibilityRestriction = End(visibility is { Count: > 0 }),
            DecisionMonetary = r.DecisionMonetary,
            EndDateMonetaryRestriction = End(r.DecisionMonetary is not null),
            DecisionProvision = r.DecisionProvision,
            EndDateServiceRestriction = End(r.DecisionProvision is not null),
            DecisionAccount = r.DecisionAccount,
            EndDateAccountRestriction = End(r.DecisionAccount is not null),
            DecisionGround = DsaVocabulary.GroundEnum(r.DecisionGround),
            // The database requires the ground and its explanation for the decision's ground; our rule is the ground we rely on.
            IllegalContentLegalGround = illegal ? r.IllegalContentLegalGround ?? reference : null,
            IllegalContentExplanation = illegal ? Cap(r.IllegalContentExplanation ?? facts, 2000) : null,
            IncompatibleContentGround = illegal ? null : r.IncompatibleContentGround ?? reference,
            IncompatibleContentExplanation = illegal ? null : Cap(r.IncompatibleContentExplanation ?? facts, 2000),
            ContentType = contentTypes,
            ContentTypeOther = contentTypes.Contains(DsaVocabulary.ContentTypeOther) ? SubjectText(r.SubjectType) : null,
            Category = r.DsaCategory,
            TerritorialScope = EnforcementRow.List(r.TerritorialScope),
            ContentLanguage = r.ContentLanguage,
            ContentDate = Date(r.ContentDate ?? r.OccurredAt),
            ApplicationDate = Date(r.OccurredAt),
            DecisionFacts = Cap(facts, 5000),
            SourceType = r.SourceType,
            AutomatedDetection = r.AutomatedDetection ? "Yes" : "No",
            AutomatedDecision = DsaVocabulary.AutomatedDecisionEnum(r.AutomatedDecision),
            Puid = PuidPattern().IsMatch(r.ExternalId) ? r.ExternalId : r.Id.ToString("N"),
        };
    }

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];

    private static string SubjectText(string subjectType) => subjectType switch
    {
        SubjectTypes.Guild => "Guild (creator agency) account",
        SubjectTypes.Creator => "Creator account",
        SubjectTypes.LiveRoom => "Live stream room",
        SubjectTypes.Account => "User account",
        _ => "Posted content",
    };

    /// <summary>The database takes puids of letters, digits, '-' and '_' only (at most 500); other external ids travel as our record id.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,500}$")]
    private static partial Regex PuidPattern();
}
