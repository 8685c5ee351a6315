using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// One enforcement decision as stored: the ladder step due at its strike, and its statement of reasons with the
/// DSA values resolved (the record's own, else defaults from the rule and the ladder action).
/// </summary>
public sealed class EnforcementRecord
{
    public Guid Id { get; init; }

    public string ExternalId { get; init; } = "";

    public string BodyHash { get; init; } = "";

    public Guid RuleId { get; init; }

    public int RuleVersion { get; init; }

    public string SubjectType { get; init; } = "";

    public string SubjectId { get; init; } = "";

    public string? GuildId { get; init; }

    public StrikeSubject StrikeSubject { get; init; } = null!;

    public DateTimeOffset OccurredAt { get; init; }

    public bool Grave { get; init; }

    public bool Shadow { get; init; }

    public int Strike { get; init; }

    public string Action { get; init; } = "";

    public int? DurationDays { get; init; }

    public bool AutomatedDetection { get; init; }

    public string AutomatedDecision { get; init; } = "";

    public string DecisionGround { get; init; } = "";

    public string DsaCategory { get; init; } = "";

    public IReadOnlyList<string> ContentType { get; init; } = [];

    public IReadOnlyList<string>? DecisionVisibility { get; init; }

    public string? DecisionMonetary { get; init; }

    public string? DecisionProvision { get; init; }

    public string? DecisionAccount { get; init; }

    public IReadOnlyList<string> TerritorialScope { get; init; } = [];

    public string SourceType { get; init; } = "";

    public string Facts { get; init; } = "";

    public DateTimeOffset? ContentDate { get; init; }

    public string? ContentLanguage { get; init; }

    public string? IllegalContentLegalGround { get; init; }

    public string? IllegalContentExplanation { get; init; }

    public string? IncompatibleContentGround { get; init; }

    public string? IncompatibleContentExplanation { get; init; }

    public string ImportedBy { get; init; } = "";

    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>
    /// The record for <paramref name="input"/> under <paramref name="version"/>: shadow versions record would-be penalties.
    /// The restrictions default from the step's action only when the record names none of the four.
    /// </summary>
    public static EnforcementRecord Decide(
        EnforcementInput input, Guid ruleId, RuleVersion version, StrikeSubject strikeSubject, int strike, string hash, string actor, DateTimeOffset now)
    {
        var content = version.Content;
        var step = content.StepFor(strike) ?? throw new InvalidOperationException($"Version {version.Version} has no ladder.");
        var named = new DsaVocabulary.Restrictions(input.DecisionVisibility, input.DecisionMonetary, input.DecisionProvision, input.DecisionAccount);
        var restrictions = named.Any ? named : DsaVocabulary.RestrictionsFor(step.Action);
        return new EnforcementRecord
        {
            Id = Guid.CreateVersion7(now),
            ExternalId = input.ExternalId,
            BodyHash = hash,
            RuleId = ruleId,
            RuleVersion = version.Version,
            SubjectType = input.SubjectType,
            SubjectId = input.SubjectId,
            GuildId = input.GuildId,
            StrikeSubject = strikeSubject,
            OccurredAt = input.OccurredAt,
            Grave = input.Grave,
            Shadow = version.Status == RuleStatuses.Shadow,
            Strike = strike,
            Action = step.Action,
            DurationDays = step.DurationDays,
            AutomatedDetection = input.AutomatedDetection,
            AutomatedDecision = input.AutomatedDecision,
            DecisionGround = input.DecisionGround ?? "incompatible-content",
            DsaCategory = input.DsaCategory ?? DsaVocabulary.CategoryFor(content.Category),
            ContentType = input.ContentType ?? DsaVocabulary.DefaultContentType,
            DecisionVisibility = restrictions.Visibility,
            DecisionMonetary = restrictions.Monetary,
            DecisionProvision = restrictions.Provision,
            DecisionAccount = restrictions.Account,
            TerritorialScope = input.TerritorialScope ?? DsaVocabulary.EuCountries,
            SourceType = input.SourceType ?? DsaVocabulary.SourceVoluntary,
            Facts = input.Facts,
            ContentDate = input.ContentDate,
            ContentLanguage = input.ContentLanguage,
            IllegalContentLegalGround = input.IllegalContentLegalGround,
            IllegalContentExplanation = input.IllegalContentExplanation,
            IncompatibleContentGround = input.IncompatibleContentGround,
            IncompatibleContentExplanation = input.IncompatibleContentExplanation,
            ImportedBy = actor,
            ImportedAt = now,
        };
    }
}
