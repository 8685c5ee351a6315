namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// The enums of the EU DSA Transparency Database API v2 statement of reasons (transparency.dsa.ec.europa.eu
/// "API documentation"; digital-services-act/transparency-database resources/markdown/api-documentation.md and
/// app/Models/Statement.php). Records store these names; the API also takes their short forms
/// (CONTENT_TYPE_SYNTHETIC_MEDIA = synthetic-media, DECISION_ACCOUNT_SUSPENDED = suspended).
/// </summary>
public static class DsaVocabulary
{
    public const string GroundIllegal = "DECISION_GROUND_ILLEGAL_CONTENT";
    public const string GroundIncompatible = "DECISION_GROUND_INCOMPATIBLE_CONTENT";

    public const string ContentTypeOther = "CONTENT_TYPE_OTHER";

    /// <summary>content_type of a record that names none.</summary>
    public static readonly IReadOnlyList<string> DefaultContentType = [ContentTypeOther];
    public const string SourceVoluntary = "SOURCE_VOLUNTARY";

    public static readonly IReadOnlyList<string> Categories =
    [
        "STATEMENT_CATEGORY_ANIMAL_WELFARE", "STATEMENT_CATEGORY_CONSUMER_INFORMATION", "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN", "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
        "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "STATEMENT_CATEGORY_SELF_HARM", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        "STATEMENT_CATEGORY_VIOLENCE",
    ];

    public static readonly IReadOnlyList<string> ContentTypes =
    [
        "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_SYNTHETIC_MEDIA",
        "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", ContentTypeOther,
    ];

    // The *_OTHER restrictions need a free-text companion field we do not collect, so they are not offered.
    public static readonly IReadOnlyList<string> Visibility =
    [
        "DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED", "DECISION_VISIBILITY_CONTENT_DEMOTED",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
    ];

    public static readonly IReadOnlyList<string> Monetary = ["DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION"];

    public static readonly IReadOnlyList<string> Provision =
    [
        "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
    ];

    public static readonly IReadOnlyList<string> Account = ["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"];

    public static readonly IReadOnlyList<string> SourceTypes =
        ["SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", SourceVoluntary];

    /// <summary>territorial_scope: the EU member states as the database spells them (GR for Greece).</summary>
    public static readonly IReadOnlyList<string> EuCountries =
    [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
        "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ];

    public static readonly IReadOnlyList<string> EeaCountries = [.. EuCountries.Concat(["IS", "LI", "NO"]).Order(StringComparer.Ordinal)];

    public static readonly IReadOnlyList<string> DecisionGrounds = ["illegal-content", "incompatible-content"];

    public static readonly IReadOnlyList<string> AutomatedDecisions = ["fully", "partially", "not"];

    /// <summary>Our automatedDecision values as the database's enum.</summary>
    public static string AutomatedDecisionEnum(string value) => value switch
    {
        "fully" => "AUTOMATED_DECISION_FULLY",
        "partially" => "AUTOMATED_DECISION_PARTIALLY",
        _ => "AUTOMATED_DECISION_NOT_AUTOMATED",
    };

    public static string GroundEnum(string value) => value == "illegal-content" ? GroundIllegal : GroundIncompatible;

    /// <summary>The category a rule's records default to, from the rule's category (reference data codes).</summary>
    public static string CategoryFor(string ruleCategory) => ruleCategory switch
    {
        "fraud-scam" => "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "minor-safety" => "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "illegal-content" => "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "misinformation" => "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        // Guild fake traffic, low-quality surges and anything newer: a breach of our terms, not a named harm.
        _ => "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
    };

    /// <summary>The restrictions a ladder action imposes when the record names none (warning and education restrict nothing).</summary>
    public static Restrictions RestrictionsFor(string action) => ActionRestrictions.GetValueOrDefault(action) ?? Restrictions.None;

    private static readonly Dictionary<string, Restrictions> ActionRestrictions = new(StringComparer.Ordinal)
    {
        [LadderActions.TrafficLimit] = new(["DECISION_VISIBILITY_CONTENT_DEMOTED"], null, null, null),
        [LadderActions.RevenueFreeze] = new(null, "DECISION_MONETARY_SUSPENSION", null, null),
        [LadderActions.FeatureSuspension] = new(null, null, "DECISION_PROVISION_PARTIAL_SUSPENSION", null),
        [LadderActions.GuildSuspension] = new(null, null, null, "DECISION_ACCOUNT_SUSPENDED"),
        [LadderActions.Termination] = new(null, null, null, "DECISION_ACCOUNT_TERMINATED"),
    };

    /// <summary>The enum value named by <paramref name="value"/> in full or in its short form; null when it is none of <paramref name="allowed"/>.</summary>
    public static string? Resolve(string? value, IReadOnlyList<string> allowed, string prefix)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        string[] candidates = [text.ToUpperInvariant(), prefix + text.Replace('-', '_').ToUpperInvariant(), Aliases.GetValueOrDefault(text.ToLowerInvariant()) ?? ""];
        return candidates.FirstOrDefault(allowed.Contains);
    }

    /// <summary>Short forms that do not follow the prefix rule.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["other-notification"] = "SOURCE_TYPE_OTHER_NOTIFICATION",
    };

    /// <summary>The four kinds of restriction a statement of reasons reports (at least one for the database).</summary>
    public sealed record Restrictions(IReadOnlyList<string>? Visibility, string? Monetary, string? Provision, string? Account)
    {
        public static readonly Restrictions None = new(null, null, null, null);

        public bool Any => Visibility is { Count: > 0 } || Monetary is not null || Provision is not null || Account is not null;
    }
}
