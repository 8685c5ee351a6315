using Dapper;
using Incident.Api.Features.Governance.Effectiveness;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>One rule linked to an incident with its measured effectiveness (null when it never ran).</summary>
public sealed record MeasuredRule(GovernanceRule Rule, RuleEffectivenessView? Effectiveness)
{
    public string? Verdict => Effectiveness?.Verdict;
}

/// <summary>
/// The rules linked to an incident, read without locks (the caller holds the incident), each measured.
/// The incident's verdict: none without rules; regresses when one regresses; meets when every rule is
/// live and meets its targets; otherwise not-yet.
/// </summary>
public sealed class GateRules(DbSession session, RuleStore rules, EffectivenessMeasure measure)
{
    public const string None = "none";
    public const string Meets = "meets";
    public const string NotYet = "not-yet";
    public const string Regresses = "regresses";

    public async Task<IReadOnlyList<MeasuredRule>> MeasureAsync(Guid incidentId, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            select rule_id
            from governance_rule_incidents
            where incident_id = @incidentId
            order by linked_at, rule_id
            """,
            new { incidentId }, session.Transaction, cancellationToken: ct));
        List<MeasuredRule> measured = [];
        foreach (var id in ids)
        {
            if (await rules.ReadAsync(id, ct) is not { } rule)
            {
                continue;
            }

            var ran = rule.Versions.Any(v => v.LaunchedAt is not null || v.ShadowAt is not null);
            measured.Add(new MeasuredRule(rule, ran ? await measure.MeasureAsync(rule, null, ct) : null));
        }

        return measured;
    }

    public static string Verdict(IReadOnlyList<MeasuredRule> measured) =>
        measured.Count == 0 ? None
        : measured.Any(m => m.Verdict == Regresses) ? Regresses
        : measured.All(m => m.Rule.LiveVersion is not null && m.Verdict == Meets) ? Meets
        : NotYet;

    /// <summary>What the timeline and the closing review carry of each rule: the verdict and the headline figures.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Figures(IReadOnlyList<MeasuredRule> measured) =>
        [.. measured.Select(m => new Dictionary<string, object?>
        {
            ["ruleId"] = m.Rule.Id,
            ["ruleKey"] = m.Rule.Key,
            ["name"] = m.Rule.Latest.Content.Name,
            ["status"] = m.Rule.Latest.Status,
            ["liveVersion"] = m.Rule.LiveVersion?.Version,
            ["verdict"] = m.Verdict,
            ["meetsTargets"] = m.Effectiveness?.MeetsTargets,
            ["violationRateChange"] = m.Effectiveness?.ViolationRate.Change,
            ["violationRateCi95"] = m.Effectiveness?.ViolationRate.Ci95,
            ["didEstimate"] = m.Effectiveness?.ViolationRate.DidEstimate,
            ["precision"] = m.Effectiveness?.Precision.Value,
            ["precisionCi95"] = m.Effectiveness?.Precision.Ci95,
            ["coverage"] = m.Effectiveness?.Coverage.Value,
            ["coverageCi95"] = m.Effectiveness?.Coverage.Ci95,
            ["overturnRate"] = m.Effectiveness?.OverturnRate.Value,
        })];
}
