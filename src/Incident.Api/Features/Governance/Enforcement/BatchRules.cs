using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// The rules a batch of enforcement records names, resolved once (id or key) and locked in id order for the
/// transaction, so two imports for one rule count strikes one after the other. Picks each record's enforcing version.
/// </summary>
public sealed class BatchRules(RuleStore rules)
{
    public async Task<IReadOnlyDictionary<string, GovernanceRule>> LoadAsync(IReadOnlyList<EnforcementInput> inputs, CancellationToken ct)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in inputs.Select(i => i.RuleRef).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await rules.ResolveAsync(reference, ct) is { } id)
            {
                ids[reference] = id;
            }
        }

        var errors = new ValidationErrors();
        foreach (var input in inputs.Where(i => !ids.ContainsKey(i.RuleRef)).Take(EnforcementChecks.MaxReportedProblems))
        {
            input.Row.Add(errors, "ruleId", "ruleId", $"'{input.RuleRef}' names no governance rule (give its id or key GOV-…).");
        }

        errors.ThrowIfAny();
        var loaded = new Dictionary<Guid, GovernanceRule>();
        foreach (var id in ids.Values.Distinct().Order())
        {
            loaded[id] = await rules.LoadAsync(id, ct);
        }

        return ids.ToDictionary(p => p.Key, p => loaded[p.Value], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The version each new record enforces (by submission index): the one it names (live or shadow), else the live one, else the one in shadow.
    /// A rule with neither is 409 rule-not-enforcing; a record the version cannot take is a 400 naming its field.
    /// </summary>
    public static RuleVersion[] Versions(
        IReadOnlyList<EnforcementInput> inputs, IReadOnlyDictionary<string, GovernanceRule> rules, int submissions)
    {
        var idle = inputs.Select(i => rules[i.RuleRef]).Where(r => r.LiveVersion is null && r.ShadowVersion is null).DistinctBy(r => r.Id).ToList();
        if (idle.Count > 0)
        {
            throw new ConflictException(
                string.Join(" ", idle.Select(r => $"Rule {r.Key} is {r.Latest.Status} (no live or shadow version): it takes no enforcement records.")),
                "rule-not-enforcing",
                current: idle.Select(r => new { ruleId = r.Id, ruleKey = r.Key, status = r.Latest.Status }).ToList());
        }

        var errors = new ValidationErrors();
        var versions = new RuleVersion[submissions];
        foreach (var input in inputs)
        {
            var rule = rules[input.RuleRef];
            var version = input.RuleVersion is { } named
                ? new[] { rule.LiveVersion, rule.ShadowVersion }.FirstOrDefault(v => v?.Version == named)
                : rule.LiveVersion ?? rule.ShadowVersion;
            if (version is null)
            {
                var status = rule.Versions.FirstOrDefault(v => v.Version == input.RuleVersion)?.Status ?? "not a version";
                input.Row.Add(errors, "ruleVersion", "ruleVersion", $"version {input.RuleVersion} of {rule.Key} is {status}; name its live or shadow version, or none.");
                continue;
            }

            var content = version.Content;
            if (content.Kind == RuleKinds.Strategy || content.Ladder.Count == 0)
            {
                input.Row.Add(errors, "ruleId", "ruleId", $"{rule.Key} is a strategy without a ladder: record enforcement against its member rules.");
            }
            else if (!StrikeSubject.Accepted(content).Contains(input.SubjectType))
            {
                input.Row.Add(errors, "subject.type", "subjectType",
                    $"'{input.SubjectType}' is not a subject of {rule.Key}; it takes {string.Join(", ", StrikeSubject.Accepted(content))}.");
            }
            else if (StrikeSubject.RollsUp(content, input.SubjectType) && input.GuildId is null)
            {
                input.Row.Add(errors, "subject.guildId", "guildId", $"is required: {rule.Key} counts creators' and live rooms' strikes against their guild.");
            }

            versions[input.Index] = version;
            if (errors.Count >= EnforcementChecks.MaxReportedProblems)
            {
                break;
            }
        }

        errors.ThrowIfAny();
        return versions;
    }
}
