using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>
/// Measures one version of a rule (docs/governance.md "Effectiveness", ADR-0014): the endpoint, the
/// governance report section and the workflow gate all call this. The caller has checked visibility;
/// inside a command it reads through the command's transaction and locks nothing.
/// </summary>
public sealed class EffectivenessMeasure(EffectivenessReads reads, TimeProvider clock)
{
    /// <summary>The version measured by default: the live one, else the latest launched, else the one in (or last in) shadow; null when none ran.</summary>
    public static RuleVersion? DefaultVersion(GovernanceRule rule) =>
        rule.LiveVersion
        ?? rule.Versions.LastOrDefault(v => v.LaunchedAt is not null)
        ?? rule.ShadowVersion
        ?? rule.Versions.LastOrDefault(v => v.ShadowAt is not null);

    /// <summary>
    /// The figures, checks and verdict of <paramref name="version"/> (default: <see cref="DefaultVersion"/>).
    /// A version that never ran is measured as empty: verdict not-yet, meetsTargets null.
    /// </summary>
    public async Task<RuleEffectivenessView> MeasureAsync(GovernanceRule rule, int? version, CancellationToken ct)
    {
        var measured = version is { } v
            ? rule.Versions.FirstOrDefault(x => x.Version == v) ?? throw new ArgumentOutOfRangeException(nameof(version), v, $"Rule {rule.Key} has no version {v}.")
            : DefaultVersion(rule) ?? rule.Latest;
        var now = clock.GetUtcNow();
        var content = measured.Content;
        var ran = measured.LaunchedAt is not null || measured.ShadowAt is not null;
        var window = measured.LaunchedAt is { } launch ? WindowOf(launch, content.EvaluationWindowDays, now) : null;

        var violation = await ViolationRateAsync(content, window, measured.LaunchedAt, ct);
        var counts = ran ? await reads.RecordCountsAsync(rule.Id, measured.Version, ct) : new RecordCounts();
        var cohorts = ran ? await reads.AppealCohortsAsync(rule.Id, measured.Version, ct) : [];
        var decided = cohorts.Sum(c => c.Decided);
        var overturned = cohorts.Sum(c => c.Overturned);
        var appeals = cohorts.Sum(c => c.Appeals);
        var median = ran ? await reads.MedianDecisionHoursAsync(rule.Id, measured.Version, decided, ct) : null;
        var education = ran ? await reads.EducationAsync(rule.Id, measured.Version, ct) : new EducationCounts();
        var days = ran ? await reads.AppealDaysAsync(rule.Id, measured.Version, ct) : [];
        var precisionAudit = ran ? await reads.LatestAuditAsync(rule.Id, measured.Version, AuditKinds.Precision, ct) : null;
        var coverageAudit = ran ? await reads.LatestAuditAsync(rule.Id, measured.Version, AuditKinds.Coverage, ct) : null;

        var precision = Precision(precisionAudit);
        // A version that only ran in shadow has only would-be records: those are what its audits judged.
        var enforced = measured.LaunchedAt is null ? counts.ShadowStanding : counts.Standing;
        var coverage = Coverage(coverageAudit, enforced);
        var (estimate, ci) = violation.Checked();
        var judgement = EffectivenessChecks.Judge(new EffectEvidence(
            content.Targets,
            Launched: window is not null,
            AfterElapsedDays: window?.AfterElapsedDays ?? 0,
            WindowComplete: window?.Complete ?? false,
            estimate,
            ToInterval(ci),
            precision.Value,
            ToInterval(precision.Ci95),
            coverage.Value,
            ToInterval(coverage.Ci95)));

        return new RuleEffectivenessView(
            rule.Id, rule.Key, measured.Version, measured.Status, measured.LaunchedAt, measured.ShadowAt, now, window,
            violation,
            precision,
            new OverturnFigure(
                EffectivenessMath.Share(overturned, decided), decided, overturned, EffectivenessMath.Wilson(overturned, decided)?.ToList(),
                [.. cohorts.Select(c => new OverturnCohort(c.Cohort, c.Appeals, c.Decided, c.Overturned, EffectivenessMath.Share(c.Overturned, c.Decided)))]),
            coverage,
            new AppealRateFigure(EffectivenessMath.Share(appeals, counts.Records), appeals, counts.Records),
            median,
            new RecidivismFigure(EffectivenessMath.Share(counts.RepeatSubjects, counts.Subjects), counts.Subjects, counts.RepeatSubjects),
            new EducationFigure(
                education.Completed, education.CompletedSubjects, education.ReViolated,
                EffectivenessMath.Share(education.ReViolated, education.CompletedSubjects)),
            new ShadowFigure(counts.ShadowRecords),
            days,
            judgement.Checks,
            judgement.Verdict,
            judgement.MeetsTargets);
    }

    /// <summary>Before = [launch − W, launch); after = [launch, min(now, launch + W)).</summary>
    public static EffectWindow WindowOf(DateTimeOffset launch, int evaluationWindowDays, DateTimeOffset now)
    {
        var length = TimeSpan.FromDays(evaluationWindowDays);
        var end = now < launch + length ? now : launch + length;
        if (end < launch)
        {
            end = launch;
        }

        return new EffectWindow(new TimeRange(launch - length, launch), new TimeRange(launch, end), (end - launch).TotalDays, now >= launch + length);
    }

    private async Task<ViolationRateFigure> ViolationRateAsync(RuleContent content, EffectWindow? window, DateTimeOffset? launch, CancellationToken ct)
    {
        if (window is null || launch is null || content.SignalSeriesId is not { } seriesId)
        {
            return new ViolationRateFigure(content.SignalSeriesId, null, null, null, null, 0, 0, content.ControlSeriesId, null, null, null, null, []);
        }

        var treated = await reads.SeriesDaysAsync(seriesId, window.Before.From, launch.Value, window.After.To, ct);
        var control = content.ControlSeriesId is { } controlId
            ? await reads.SeriesDaysAsync(controlId, window.Before.From, launch.Value, window.After.To, ct)
            : [];
        var (tb, ta) = (Summary(treated, 0), Summary(treated, 1));
        var (cb, ca) = (Summary(control, 0), Summary(control, 1));
        var change = EffectivenessMath.RelativeChange(tb, ta);
        var did = content.ControlSeriesId is null ? null : EffectivenessMath.DifferenceInDifferences(tb, ta, cb, ca);

        var treatedByDay = treated.ToDictionary(d => (d.AfterLaunch, d.Date), d => d.Value);
        var controlByDay = control.ToDictionary(d => (d.AfterLaunch, d.Date), d => d.Value);
        var daily = treatedByDay.Keys.Union(controlByDay.Keys)
            .OrderBy(k => k.Date, StringComparer.Ordinal)
            .ThenBy(k => k.AfterLaunch)
            .Select(k => new DailyValue(
                k.Date,
                k.AfterLaunch == 0 ? "before" : "after",
                treatedByDay.TryGetValue(k, out var t) ? t : null,
                controlByDay.TryGetValue(k, out var c) ? c : null))
            .ToList();

        return new ViolationRateFigure(
            seriesId, tb?.Mean, ta?.Mean, change?.Estimate, change?.Ci95?.ToList(), tb?.Days ?? 0, ta?.Days ?? 0,
            content.ControlSeriesId, cb?.Mean, ca?.Mean, did?.Estimate, did?.Ci95?.ToList(), daily);
    }

    private static WindowSummary? Summary(IReadOnlyList<SeriesDay> days, int afterLaunch) =>
        EffectivenessMath.Summarize([.. days.Where(d => d.AfterLaunch == afterLaunch).Select(d => d.Value)]);

    private static PrecisionFigure Precision(AuditFigures? audit) => audit is null
        ? new PrecisionFigure(null, 0, 0, null, null, null)
        : new PrecisionFigure(
            EffectivenessMath.Share(audit.Violating, audit.N), audit.N, audit.Violating,
            EffectivenessMath.Wilson(audit.Violating, audit.N)?.ToList(), audit.Id, audit.CreatedAt);

    private static CoverageFigure Coverage(AuditFigures? audit, long enforced)
    {
        if (audit is null)
        {
            return new CoverageFigure(null, 0, 0, null, enforced, null, null, null, null);
        }

        var population = audit.Population ?? audit.N;
        var estimate = EffectivenessMath.Coverage(enforced, audit.N, audit.Violating, population);
        return new CoverageFigure(
            estimate?.Value, audit.N, audit.Violating, estimate?.Ci95?.ToList(), enforced, estimate?.EstimatedMissed, population, audit.Id, audit.CreatedAt);
    }

    private static Interval? ToInterval(IReadOnlyList<double>? bounds) => bounds is [var low, var high] ? new Interval(low, high) : null;
}
