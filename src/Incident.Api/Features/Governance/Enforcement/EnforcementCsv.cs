using System.Globalization;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>One record as submitted, with the name of its place in the request (records[3] or line 7).</summary>
public sealed record EnforcementSubmission(InputRow Row, EnforcementRecordBody? Body);

/// <summary>
/// text/csv bodies of POST /api/governance/enforcements: a header row naming the columns of docs/governance.md
/// (contentType and territorialScope hold several values separated by '|'). A wrong header is a 400 naming the
/// columns; a value that does not parse is a 400 naming its line.
/// </summary>
public static class EnforcementCsv
{
    public static readonly IReadOnlyList<string> Required =
        ["externalId", "ruleId", "subjectType", "subjectId", "occurredAt", "automatedDetection", "automatedDecision"];

    public static readonly IReadOnlyList<string> Optional =
    [
        "guildId", "grave", "decisionGround", "dsaCategory", "contentType", "facts", "ruleVersion", "sourceType", "territorialScope",
        "contentDate", "contentLanguage", "decisionVisibility", "decisionMonetary", "decisionProvision", "decisionAccount",
        "illegalContentLegalGround", "illegalContentExplanation", "incompatibleContentGround", "incompatibleContentExplanation",
    ];

    public static IReadOnlyList<EnforcementSubmission> Parse(string text, InputLimits? limits = null)
    {
        var (header, rows) = CsvText.Parse(text, limits);
        var missing = Required.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var unknown = header.Where(h => !Required.Contains(h, StringComparer.OrdinalIgnoreCase) && !Optional.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (header.Count == 0 || missing.Count > 0 || unknown.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"missing required column(s): {string.Join(", ", missing)}");
            }

            if (unknown.Count > 0)
            {
                problems.Add($"unknown column(s): {string.Join(", ", unknown)}");
            }

            throw ValidationFailedException.For("csv",
                $"line 1: {(header.Count == 0 ? "the CSV is empty" : string.Join("; ", problems))}. " +
                $"Required: {string.Join(",", Required)}; optional: {string.Join(",", Optional)}.");
        }

        var errors = new ValidationErrors();
        var submissions = new List<EnforcementSubmission>(rows.Count);
        foreach (var r in rows)
        {
            var row = new InputRow($"line {r.Line}", Csv: true);
            if (CsvText.HasExtraFields(r))
            {
                Problem(errors, row, "has more fields than the header; quote fields that contain commas.");
                continue;
            }

            var f = r.Fields;
            submissions.Add(new EnforcementSubmission(row, new EnforcementRecordBody(
                Text(f, "externalId"),
                Text(f, "ruleId"),
                Number(f, "ruleVersion", row, errors),
                new SubjectBody(Text(f, "subjectType"), Text(f, "subjectId"), Text(f, "guildId")),
                Text(f, "occurredAt"),
                Flag(f, "grave", row, errors),
                Flag(f, "automatedDetection", row, errors),
                Text(f, "automatedDecision"),
                Text(f, "decisionGround"),
                Text(f, "dsaCategory"),
                List(f, "contentType"),
                List(f, "decisionVisibility"),
                Text(f, "decisionMonetary"),
                Text(f, "decisionProvision"),
                Text(f, "decisionAccount"),
                List(f, "territorialScope"),
                Text(f, "sourceType"),
                Text(f, "facts"),
                Text(f, "contentDate"),
                Text(f, "contentLanguage"),
                Text(f, "illegalContentLegalGround"),
                Text(f, "illegalContentExplanation"),
                Text(f, "incompatibleContentGround"),
                Text(f, "incompatibleContentExplanation"))));
        }

        errors.ThrowIfAny();
        return submissions;
    }

    private static string? Text(IReadOnlyDictionary<string, string> fields, string column) =>
        fields.TryGetValue(column, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    private static string[]? List(IReadOnlyDictionary<string, string> fields, string column) =>
        Text(fields, column)?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool? Flag(IReadOnlyDictionary<string, string> fields, string column, InputRow row, ValidationErrors errors) =>
        Text(fields, column)?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "yes" or "y" => true,
            "false" or "0" or "no" or "n" => false,
            var other => Problem<bool?>(errors, row, $"'{column}' must be true or false (got '{other}')."),
        };

    private static int? Number(IReadOnlyDictionary<string, string> fields, string column, InputRow row, ValidationErrors errors) =>
        Text(fields, column) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : Problem<int?>(errors, row, $"'{column}' must be a whole number (got '{text}').");

    private static T? Problem<T>(ValidationErrors errors, InputRow row, string message)
    {
        Problem(errors, row, message);
        return default;
    }

    private static void Problem(ValidationErrors errors, InputRow row, string message)
    {
        if (errors.Count < EnforcementChecks.MaxReportedProblems)
        {
            errors.Add(row.Name, $"{row.Name}: {message}");
        }
    }
}
