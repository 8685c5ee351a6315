using System.Globalization;
using System.Text;
using Dapper;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>
/// A report's <c>{{section.governance}}</c>: for each rule linked to the incident, its effectiveness figures with
/// their 95 % intervals as a table (bilingual labels, like every section: reports have no language of their own).
/// </summary>
internal sealed class GovernanceReportSection(DbSession session, RuleStore rules, EffectivenessMeasure measure) : IReportSection
{
    private const int MaxRules = 20;

    public string Name => "governance";

    public async Task<string?> RenderAsync(ReportContext context, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var ruleIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            select ri.rule_id
            from governance_rule_incidents ri
            join governance_rules r on r.id = ri.rule_id
            where ri.incident_id = @incidentId
            order by r.created_at, r.id
            {session.Dialect.Page}
            """,
            new { incidentId = context.Incident.Id, skip = 0, take = MaxRules }, session.Transaction, cancellationToken: ct))).ToList();
        if (ruleIds.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("## 治理效果 Governance effectiveness\n");
        foreach (var id in ruleIds)
        {
            // Read, never locked: the draft holds the incident, and rule changes lock the rule before its incidents.
            if (await rules.ReadAsync(id, ct) is not { } rule)
            {
                continue;
            }

            var view = await measure.MeasureAsync(rule, null, ct);
            var content = rule.Versions.Single(v => v.Version == view.Version).Content;
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"### {rule.Key} {Md.Cell(content.Name)} · v{view.Version} ({view.VersionStatus})\n\n");
            if (view.LaunchedAt is null && view.ShadowAt is null)
            {
                text.Append("_尚未运行 Not run yet._\n");
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"结论 Verdict **{view.Verdict}** · 达标 Meets targets {MeetsText(view.MeetsTargets)} · ")
                .Append(CultureInfo.InvariantCulture, $"上线 Launched {Md.Time(view.LaunchedAt)} · 测量 Measured {Md.Time(view.MeasuredAt)}\n");
            if (view.Window is { } w)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n窗口 Windows: 前 before {Md.Time(w.Before.From)} – {Md.Time(w.Before.To)}, 后 after {Md.Time(w.After.From)} – {Md.Time(w.After.To)}")
                    .Append(CultureInfo.InvariantCulture, $" ({Number(w.AfterElapsedDays, "0.#")} / {content.EvaluationWindowDays} 天 days)\n");
            }

            text.Append('\n').Append(Md.Table(["指标 Figure", "值 Value", "95% 区间 CI", "目标 Target", "状态 Status"], Rows(view)));
        }

        return text.ToString();
    }

    private static IEnumerable<string[]> Rows(RuleEffectivenessView v)
    {
        var checks = v.Checks.ToDictionary(c => c.Target);
        var vr = v.ViolationRate;
        var violationCheck = checks.GetValueOrDefault(TargetNames.ViolationRateChange);
        if (vr.SeriesId is not null)
        {
            yield return ["违规率 Violation rate (前 before → 后 after)", $"{Number(vr.Before)} → {Number(vr.After)} ({vr.BeforeDays} / {vr.AfterDays} 天 days)", "—", "—", "—"];
            yield return Row("违规率变化 Violation rate change", Percent(vr.Change), vr.Ci95, vr.ControlSeriesId is null ? violationCheck : null, "≤");
            if (vr.ControlSeriesId is not null)
            {
                yield return ["对照序列 Control series (前 before → 后 after)", $"{Number(vr.ControlBefore)} → {Number(vr.ControlAfter)}", "—", "—", "—"];
                yield return Row("双重差分 Difference in differences", Percent(vr.DidEstimate), vr.DidCi95, violationCheck, "≤");
            }
        }

        var p = v.Precision;
        yield return Row("精确率 Precision", p.N == 0 ? "—" : $"{Percent(p.Value)} ({p.Violating}/{p.N})", p.Ci95, checks.GetValueOrDefault(TargetNames.MinPrecision), "≥");
        var c = v.Coverage;
        var coverage = c.N == 0 ? "—" : $"{Percent(c.Value)} ({c.Enforced} 已处罚 enforced, {Number(c.EstimatedMissed, "0.#")} 估计漏罚 est. missed)";
        yield return Row("覆盖率 Coverage", coverage, c.Ci95, checks.GetValueOrDefault(TargetNames.MinCoverage), "≥");
        var o = v.OverturnRate;
        yield return Row("改判率 Overturn rate", $"{Percent(o.Value)} ({o.Overturned}/{o.N})", o.Ci95, null, "");
        yield return Row("申诉率 Appeal rate", $"{Percent(v.AppealRate.Value)} ({v.AppealRate.Appeals}/{v.AppealRate.Records})", null, null, "");
        yield return Row("申诉处理时长中位数 Median decision time", v.MedianDecisionHours is { } h ? $"{Number(h, "0.#")} h" : "—", null, null, "");
        yield return Row("复犯率 Recidivism", $"{Percent(v.Recidivism.Value)} ({v.Recidivism.RepeatSubjects}/{v.Recidivism.Subjects})", null, null, "");
        var e = v.Education;
        yield return Row("教育后复犯 Re-violation after education", $"{Percent(e.ReViolationRate)} ({e.ReViolated}/{e.CompletedSubjects})", null, null, "");
        yield return Row("影子期拟处罚 Would-be penalties (shadow)", v.Shadow.WouldBePenalties.ToString(CultureInfo.InvariantCulture), null, null, "");
    }

    private static string[] Row(string label, string value, IReadOnlyList<double>? ci, TargetCheck? check, string comparison) =>
    [
        label,
        value,
        ci is [var low, var high] ? $"[{Percent(low)}, {Percent(high)}]" : "—",
        check is null ? "—" : $"{comparison} {Percent(check.Goal)}",
        check?.Status ?? "—",
    ];

    private static string MeetsText(bool? meets) => meets switch
    {
        true => "是 yes",
        false => "否 no",
        null => "待定 not yet known",
    };

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Number(double? value, string format = "0.###") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
