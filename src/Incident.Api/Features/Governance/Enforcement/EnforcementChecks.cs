using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>The checks of one record that need no database, naming each problem by its field (or CSV line and column).</summary>
public static class EnforcementChecks
{
    /// <summary>Problems reported per request: enough to fix a file, not a 10,000-entry response.</summary>
    public const int MaxReportedProblems = 50;

    public static EnforcementInput? Check(EnforcementRecordBody? body, int index, InputRow row, ValidationErrors errors, DateTimeOffset now)
    {
        if (body is null)
        {
            errors.Add(row.Name, $"{row.Name}: a record is an object {{ externalId, ruleId, subject, occurredAt, automatedDetection, automatedDecision, … }}, not null.");
            return null;
        }

        var before = errors.Count;
        var externalId = Required(body.ExternalId, row, errors, "externalId", "externalId", 200);
        var ruleRef = Required(body.RuleId, row, errors, "ruleId", "ruleId", 200);
        if (body.RuleVersion is < 1)
        {
            row.Add(errors, "ruleVersion", "ruleVersion", "must be a version number from 1.");
        }

        var subjectType = body.Subject?.Type?.Trim();
        if (subjectType is null || !SubjectTypes.All.Contains(subjectType))
        {
            row.Add(errors, "subject.type", "subjectType", subjectType is null
                ? $"is required; one of: {string.Join(", ", SubjectTypes.All)}."
                : $"'{Shorten(subjectType)}' is not a subject type; expected one of: {string.Join(", ", SubjectTypes.All)}.");
        }

        var subjectId = Required(body.Subject?.Id, row, errors, "subject.id", "subjectId", 200);
        var guildId = Optional(body.Subject?.GuildId, row, errors, "subject.guildId", "guildId", 200);
        var occurredAt = EnforcementInput.ParseTime(body.OccurredAt);
        if (occurredAt is null)
        {
            row.Add(errors, "occurredAt", "occurredAt", string.IsNullOrWhiteSpace(body.OccurredAt)
                ? "is required: when the platform decided (ISO-8601)."
                : $"'{Shorten(body.OccurredAt!)}' is not an ISO-8601 date and time.");
        }
        else if (occurredAt > now + EnforcementInput.FutureTolerance)
        {
            row.Add(errors, "occurredAt", "occurredAt", $"{occurredAt:O} is in the future (now is {now:O}).");
        }

        if (body.AutomatedDetection is null)
        {
            row.Add(errors, "automatedDetection", "automatedDetection", "is required: true when the content was detected by automated means.");
        }

        var automatedDecision = OneOf(body.AutomatedDecision, DsaVocabulary.AutomatedDecisions, row, errors, "automatedDecision", required: true);
        var ground = OneOf(body.DecisionGround, DsaVocabulary.DecisionGrounds, row, errors, "decisionGround", required: false);
        var category = Dsa(body.DsaCategory, DsaVocabulary.Categories, "STATEMENT_CATEGORY_", row, errors, "dsaCategory");
        var contentType = DsaList(body.ContentType, DsaVocabulary.ContentTypes, "CONTENT_TYPE_", row, errors, "contentType");
        var visibility = DsaList(body.DecisionVisibility, DsaVocabulary.Visibility, "DECISION_VISIBILITY_", row, errors, "decisionVisibility");
        var monetary = Dsa(body.DecisionMonetary, DsaVocabulary.Monetary, "DECISION_MONETARY_", row, errors, "decisionMonetary");
        var provision = Dsa(body.DecisionProvision, DsaVocabulary.Provision, "DECISION_PROVISION_", row, errors, "decisionProvision");
        var account = Dsa(body.DecisionAccount, DsaVocabulary.Account, "DECISION_ACCOUNT_", row, errors, "decisionAccount");
        var source = Dsa(body.SourceType, DsaVocabulary.SourceTypes, "SOURCE_", row, errors, "sourceType");
        var scope = Territory(body.TerritorialScope, row, errors);
        var facts = body.Facts?.Trim() ?? "";
        if (facts.Length > EnforcementInput.MaxFacts)
        {
            row.Add(errors, "facts", "facts", $"must be at most {EnforcementInput.MaxFacts} characters (got {facts.Length}).");
        }

        var contentDate = EnforcementInput.ParseTime(body.ContentDate);
        if (!string.IsNullOrWhiteSpace(body.ContentDate) && (contentDate is null || contentDate < new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) || contentDate > occurredAt))
        {
            row.Add(errors, "contentDate", "contentDate", "must be the content's posting date (YYYY-MM-DD), from 2000-01-01 and not after occurredAt.");
        }

        var language = body.ContentLanguage?.Trim().ToUpperInvariant();
        if (language is not null && (language.Length != 2 || !language.All(char.IsAsciiLetterUpper)))
        {
            row.Add(errors, "contentLanguage", "contentLanguage", "must be a two-letter ISO 639-1 code (EN, DE, …).");
        }

        var legalGround = Optional(body.IllegalContentLegalGround, row, errors, "illegalContentLegalGround", "illegalContentLegalGround", 500);
        var illegalWhy = Optional(body.IllegalContentExplanation, row, errors, "illegalContentExplanation", "illegalContentExplanation", 2000);
        var contractGround = Optional(body.IncompatibleContentGround, row, errors, "incompatibleContentGround", "incompatibleContentGround", 500);
        var incompatibleWhy = Optional(body.IncompatibleContentExplanation, row, errors, "incompatibleContentExplanation", "incompatibleContentExplanation", 2000);
        if (errors.Count > before)
        {
            return null;
        }

        return new EnforcementInput(
            index, row, externalId!, ruleRef!, body.RuleVersion, subjectType!, subjectId!, guildId, occurredAt!.Value, body.Grave ?? false,
            body.AutomatedDetection!.Value, automatedDecision!, ground, category, contentType, visibility, monetary, provision, account, scope,
            source, facts, contentDate, language, legalGround, illegalWhy, contractGround, incompatibleWhy);
    }

    private static string? Required(string? value, InputRow row, ValidationErrors errors, string field, string column, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            row.Add(errors, field, column, "is required.");
            return null;
        }

        return Optional(text, row, errors, field, column, max);
    }

    private static string? Optional(string? value, InputRow row, ValidationErrors errors, string field, string column, int max)
    {
        var text = value?.Trim();
        if (text is { Length: > 0 } && text.Length > max)
        {
            row.Add(errors, field, column, $"must be at most {max} characters (got {text.Length}).");
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? OneOf(string? value, IReadOnlyList<string> allowed, InputRow row, ValidationErrors errors, string field, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                row.Add(errors, field, field, $"is required; one of: {string.Join(", ", allowed)}.");
            }

            return null;
        }

        if (!allowed.Contains(text))
        {
            row.Add(errors, field, field, $"'{Shorten(text)}' is not one of: {string.Join(", ", allowed)}.");
        }

        return text;
    }

    private static string? Dsa(string? value, IReadOnlyList<string> allowed, string prefix, InputRow row, ValidationErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var resolved = DsaVocabulary.Resolve(value, allowed, prefix);
        if (resolved is null)
        {
            row.Add(errors, field, field, $"'{Shorten(value)}' is not a DSA value; expected one of: {string.Join(", ", allowed)}.");
        }

        return resolved;
    }

    private static IReadOnlyList<string>? DsaList(IReadOnlyList<string>? values, IReadOnlyList<string> allowed, string prefix, InputRow row, ValidationErrors errors, string field)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var resolved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (Dsa(value, allowed, prefix, row, errors, field) is { } one)
            {
                resolved.Add(one);
            }
        }

        return [.. resolved];
    }

    /// <summary>ISO codes of EU/EEA countries; "EU" and "EEA" stand for all of them.</summary>
    private static IReadOnlyList<string>? Territory(IReadOnlyList<string>? values, InputRow row, ValidationErrors errors)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Select(v => v?.Trim().ToUpperInvariant() ?? ""))
        {
            IEnumerable<string> expanded = value switch
            {
                "EU" => DsaVocabulary.EuCountries,
                "EEA" => DsaVocabulary.EeaCountries,
                _ when DsaVocabulary.EeaCountries.Contains(value) => [value],
                _ => [],
            };
            if (!expanded.Any())
            {
                row.Add(errors, "territorialScope", "territorialScope", $"'{Shorten(value)}' is not an EU/EEA country code (or EU, EEA).");
            }

            codes.UnionWith(expanded);
        }

        return [.. codes];
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
