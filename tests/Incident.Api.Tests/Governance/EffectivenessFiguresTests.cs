using System.Globalization;
using System.Net;
using Incident.Api.Tests.Infrastructure;
using static Incident.Api.Tests.Governance.EffectivenessRecords;

namespace Incident.Api.Tests.Governance;

/// <summary>
/// Issue 9 item 6: every figure of GET /api/governance/rules/{id}/effectiveness against values computed here by
/// hand from the fixture (plain arithmetic, not the production math): 4 points a day, 28 days each side of the launch,
/// a control series, 1,300 enforcement records of three kinds and two versions, 103 appeals, two audits.
/// </summary>
public sealed class EffectivenessFiguresTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const double Tolerance = 1e-9;
    private const double Z = 1.959964;
    private static readonly int[] Hours = [2, 8, 14, 20];

    [Fact]
    public async Task Every_figure_matches_the_hand_computed_value_of_the_fixture()
    {
        var op = await server.SignIn("operator1");
        var launch = server.Clock.GetUtcNow();
        var days = TimeSpan.FromDays(28);
        var (treated, control) = Points(launch);
        await SendPointsAsync(op, "fake-traffic-rate", treated.Where(p => p.At < launch));
        await SendPointsAsync(op, "fake-traffic-control", control.Where(p => p.At < launch));
        var seriesId = await SeriesIdAsync(op, "fake-traffic-rate");
        var controlId = await SeriesIdAsync(op, "fake-traffic-control");
        var rule = await GovernanceCalls.Launched(server, GovernanceCalls.RuleBody(signalSeriesId: seriesId, controlSeriesId: controlId), viaShadow: true);
        var ruleId = rule["id"]!.GetValue<string>();
        rule["launchedAt"]!.GetValue<DateTimeOffset>().ShouldBe(launch);

        var (records, appeals) = Enforcement(launch);
        await InsertAsync(server, Guid.Parse(ruleId), records, appeals);
        server.Clock.Advance(TimeSpan.FromDays(29) + TimeSpan.FromHours(4));
        op = await server.SignIn("operator1"); // tokens expire on the same clock
        await SendPointsAsync(op, "fake-traffic-rate", treated.Where(p => p.At >= launch));
        await SendPointsAsync(op, "fake-traffic-control", control.Where(p => p.At >= launch));
        await AuditOkAsync(op, ruleId, "precision", 50, 45);
        await AuditOkAsync(op, ruleId, "coverage", 200, 12, population: 10_000);

        var view = await EffectivenessAsync(op, ruleId);

        view["version"]!.GetValue<int>().ShouldBe(1);
        view["measuredAt"]!.GetValue<DateTimeOffset>().ShouldBe(server.Clock.GetUtcNow());
        view["window"]!["before"]!["from"]!.GetValue<DateTimeOffset>().ShouldBe(launch - days);
        view["window"]!["after"]!["to"]!.GetValue<DateTimeOffset>().ShouldBe(launch + days);
        view["window"]!["complete"]!.GetValue<bool>().ShouldBeTrue();

        // Violation rate: UTC-day means inside [launch − 28 d, launch) and [launch, launch + 28 d); the launch day is split.
        var tb = DailyMeans(treated, launch - days, launch);
        var ta = DailyMeans(treated, launch, launch + days);
        var cb = DailyMeans(control, launch - days, launch);
        var ca = DailyMeans(control, launch, launch + days);
        tb.Count.ShouldBe(29);
        ta.Count.ShouldBe(29);
        var vr = view["violationRate"]!;
        vr["beforeDays"]!.GetValue<int>().ShouldBe(29);
        vr["afterDays"]!.GetValue<int>().ShouldBe(29);
        Number(vr["before"]).ShouldBe(Mean(tb), Tolerance);
        Number(vr["after"]).ShouldBe(Mean(ta), Tolerance);
        Number(vr["controlBefore"]).ShouldBe(Mean(cb), Tolerance);
        Number(vr["controlAfter"]).ShouldBe(Mean(ca), Tolerance);
        Number(vr["change"]).ShouldBe((Mean(ta) / Mean(tb)) - 1, Tolerance);
        var se = Math.Sqrt(Term(ta) + Term(tb));
        var log = Math.Log(Mean(ta) / Mean(tb));
        Pair(vr["ci95"]).ShouldBe([Math.Exp(log - (Z * se)) - 1, Math.Exp(log + (Z * se)) - 1], Tolerance);
        var didLog = Math.Log(Mean(ta) / Mean(tb)) - Math.Log(Mean(ca) / Mean(cb));
        var didSe = Math.Sqrt(Term(ta) + Term(tb) + Term(ca) + Term(cb));
        var did = Number(vr["didEstimate"]);
        did.ShouldBe((Mean(ta) / Mean(tb) / (Mean(ca) / Mean(cb))) - 1, Tolerance);
        Pair(vr["didCi95"]).ShouldBe([Math.Exp(didLog - (Z * didSe)) - 1, Math.Exp(didLog + (Z * didSe)) - 1], Tolerance);
        var daily = vr["daily"]!.AsArray();
        daily.Count.ShouldBe(58);
        daily.Count(d => d!["date"]!.GetValue<string>() == "2026-11-22").ShouldBe(2);
        foreach (var (key, value) in tb.Select(d => (("before", d.Key), d.Value)).Concat(ta.Select(d => (("after", d.Key), d.Value))))
        {
            var day = daily.Single(d => d!["window"]!.GetValue<string>() == key.Item1 && d["date"]!.GetValue<string>() == key.Key)!;
            Number(day["value"]).ShouldBe(value, Tolerance);
            Number(day["control"]).ShouldBe(key.Item1 == "before" ? cb[key.Key] : ca[key.Key], Tolerance);
        }

        // Precision 45/50 and coverage from 12 misses in 200 of an unenforced 10,000 with 1,200 standing records.
        var precision = view["precision"]!;
        Number(precision["value"]).ShouldBe(0.9, Tolerance);
        Pair(precision["ci95"]).ShouldBe(Wilson(45, 50), Tolerance);
        Pair(precision["ci95"]).ShouldBe([0.7864, 0.9565], 0.00005);
        var coverage = view["coverage"]!;
        coverage["enforced"]!.GetValue<long>().ShouldBe(1200);
        Number(coverage["estimatedMissed"]).ShouldBe(600, Tolerance);
        Number(coverage["value"]).ShouldBe(1200.0 / 1800.0, Tolerance);
        var misses = Wilson(12, 200);
        Pair(coverage["ci95"]).ShouldBe([1200 / (1200 + (10_000 * misses[1])), 1200 / (1200 + (10_000 * misses[0]))], Tolerance);
        coverage["population"]!.GetValue<long>().ShouldBe(10_000);

        // Appeals of version 1 only: 35 overturned, 45 upheld, 20 pending on 1,235 non-shadow records.
        var decided = appeals.Where(a => a.Record.Version == 1 && a.DecidedAt is not null).ToList();
        var overturn = view["overturnRate"]!;
        overturn["n"]!.GetValue<long>().ShouldBe(80);
        overturn["overturned"]!.GetValue<long>().ShouldBe(35);
        Number(overturn["value"]).ShouldBe(35.0 / 80.0, Tolerance);
        Pair(overturn["ci95"]).ShouldBe(Wilson(35, 80), Tolerance);
        var cohorts = overturn["cohorts"]!.AsArray();
        var expectedCohorts = appeals.Where(a => a.Record.Version == 1).GroupBy(a => a.Record.OccurredAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).ToList();
        cohorts.Select(c => c!["cohort"]!.GetValue<string>()).ShouldBe(expectedCohorts.Select(g => g.Key), "cohorts by the record's month");
        foreach (var (cohort, expected) in cohorts.Zip(expectedCohorts))
        {
            cohort!["decided"]!.GetValue<long>().ShouldBe(expected.Count(a => a.DecidedAt is not null));
            cohort["overturned"]!.GetValue<long>().ShouldBe(expected.Count(a => a.Status == "overturned"));
            Number(cohort["value"]).ShouldBe((double)expected.Count(a => a.Status == "overturned") / expected.Count(a => a.DecidedAt is not null), Tolerance);
        }

        var appealRate = view["appealRate"]!;
        appealRate["appeals"]!.GetValue<long>().ShouldBe(100);
        appealRate["records"]!.GetValue<long>().ShouldBe(1235);
        Number(appealRate["value"]).ShouldBe(100.0 / 1235.0, Tolerance);
        var hours = decided.Select(a => (a.DecidedAt!.Value - a.FiledAt).TotalHours).Order().ToList();
        Number(view["medianDecisionHours"]).ShouldBe((hours[39] + hours[40]) / 2, Tolerance);
        var appealsDaily = view["appealsDaily"]!.AsArray();
        var expectedDays = appeals.Where(a => a.Record.Version == 1).GroupBy(a => a.FiledAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).ToList();
        appealsDaily.Select(d => (d!["date"]!.GetValue<string>(), d["filed"]!.GetValue<long>(), d["overturned"]!.GetValue<long>()))
            .ShouldBe(expectedDays.Select(g => (g.Key, (long)g.Count(), (long)g.Count(a => a.Status == "overturned"))));

        // 1,000 subjects with standing records, 200 of them twice; 63 completed educations, 23 re-violated.
        view["recidivism"]!["subjects"]!.GetValue<long>().ShouldBe(1000);
        view["recidivism"]!["repeatSubjects"]!.GetValue<long>().ShouldBe(200);
        Number(view["recidivism"]!["value"]).ShouldBe(0.2, Tolerance);
        var education = view["education"]!;
        education["completed"]!.GetValue<long>().ShouldBe(63);
        education["completedSubjects"]!.GetValue<long>().ShouldBe(63);
        education["reViolated"]!.GetValue<long>().ShouldBe(23);
        Number(education["reViolationRate"]).ShouldBe(23.0 / 63.0, Tolerance);
        view["shadow"]!["wouldBePenalties"]!.GetValue<long>().ShouldBe(40);

        // Checks: DiD (a control is set) ≤ −0.3 with its interval below 0; 0.9 ≥ 0.9; 2/3 ≥ 0.6.
        did.ShouldBeLessThan(-0.3);
        var checks = view["checks"]!.AsArray();
        checks.Select(c => (c!["target"]!.GetValue<string>(), c["status"]!.GetValue<string>()))
            .ShouldBe([("violationRateChange", "met"), ("minPrecision", "met"), ("minCoverage", "met")]);
        Number(checks[0]!["value"]).ShouldBe(did, Tolerance);
        view["verdict"]!.GetValue<string>().ShouldBe("meets");
        view["meetsTargets"]!.GetValue<bool>().ShouldBeTrue();

        (await EffectivenessAsync(op, rule["key"]!.GetValue<string>(), version: 1))["recidivism"]!["repeatSubjects"]!.GetValue<long>().ShouldBe(200);
        (await op.GetAsync($"/api/governance/rules/{ruleId}/effectiveness?version=2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Four points a day from 29 days before the launch to 29 days after it (so some fall outside both windows).</summary>
    private static (List<(DateTimeOffset At, double Value)> Treated, List<(DateTimeOffset At, double Value)> Control) Points(DateTimeOffset launch)
    {
        var start = new DateTimeOffset(launch.UtcDateTime.Date, TimeSpan.Zero).AddDays(-29);
        List<(DateTimeOffset, double)> treated = [], control = [];
        for (var (day, k) = (0, 0); day <= 58; day++)
        {
            foreach (var hour in Hours)
            {
                var at = start.AddDays(day).AddHours(hour);
                var after = at >= launch;
                treated.Add((at, after ? 6.5 + (0.5 * Math.Sin(1.1 * k)) : 10 + (0.6 * Math.Sin(1.3 * k)) + (0.3 * Math.Cos(0.7 * day))));
                control.Add((at, after ? 19 + (0.7 * Math.Sin(0.5 * k)) : 20 + (0.8 * Math.Cos(0.9 * k))));
                k++;
            }
        }

        return (treated, control);
    }

    private static (List<FixtureRecord> Records, List<FixtureAppeal> Appeals) Enforcement(DateTimeOffset launch)
    {
        var records = new List<FixtureRecord>();
        var appeals = new List<FixtureAppeal>();
        string Guild(int s) => $"guild-{s:0000}";
        for (var s = 1; s <= 200; s++)
        {
            var first = launch.AddDays(s % 20).AddHours(1);
            var second = first.AddDays(5);
            // 1–20 finish the education after their first record and offend again; 21–25 finish it after their last one.
            records.Add(new FixtureRecord(Guild(s), first, EducationCompletedAt: s <= 20 ? first.AddDays(1) : null));
            records.Add(new FixtureRecord(Guild(s), second, EducationCompletedAt: s is > 20 and <= 25 ? second.AddDays(1) : null));
        }

        for (var s = 201; s <= 1000; s++)
        {
            var at = launch.AddDays(s % 20).AddHours(2);
            var record = new FixtureRecord(Guild(s), at, EducationCompletedAt: s <= 238 ? at.AddDays(1) : null);
            records.Add(record);
            if (s is >= 231 and <= 235)
            {
                records.Add(new FixtureRecord(Guild(s), at.AddDays(3), Reversed: true));
            }
            else if (s is >= 236 and <= 238)
            {
                records.Add(new FixtureRecord(Guild(s), at.AddDays(3), Version: 2));
            }
        }

        records.AddRange(Enumerable.Range(1001, 30).Select(s => new FixtureRecord(Guild(s), launch.AddDays(s % 20).AddHours(3), Reversed: true)));
        records.AddRange(Enumerable.Range(0, 40).Select(i => new FixtureRecord($"shadow-{i}", launch.AddHours(-(i + 1)), Shadow: true)));
        records.AddRange(Enumerable.Range(2001, 7).Select(s => new FixtureRecord(Guild(s), launch.AddDays(10), Version: 2)));

        var byGuild = records.Where(r => r.Version == 1 && !r.Shadow).GroupBy(r => r.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var decidedIndex = 0;
        FixtureAppeal Decide(FixtureRecord r, string status)
        {
            var filed = r.OccurredAt.AddHours(6);
            var hours = 2 + (decidedIndex * 37 % 71) + (decidedIndex % 4 * 0.25);
            decidedIndex++;
            return new FixtureAppeal(r, filed, status, filed.AddHours(hours));
        }

        appeals.AddRange(records.Where(r => r is { Reversed: true, Version: 1 }).Select(r => Decide(r, "overturned")));
        appeals.AddRange(Enumerable.Range(300, 45).Select(s => Decide(byGuild[Guild(s)][0], "upheld")));
        appeals.AddRange(Enumerable.Range(400, 20).Select(s => new FixtureAppeal(byGuild[Guild(s)][0], byGuild[Guild(s)][0].OccurredAt.AddHours(6), "pending", null)));
        appeals.AddRange(records.Where(r => r.Version == 2).Take(3).Select(r => new FixtureAppeal(r, r.OccurredAt.AddHours(1), "overturned", r.OccurredAt.AddHours(2))));
        return (records, appeals);
    }

    private static Dictionary<string, double> DailyMeans(List<(DateTimeOffset At, double Value)> points, DateTimeOffset from, DateTimeOffset to)
    {
        var sums = new SortedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var (at, value) in points.Where(p => p.At >= from && p.At < to))
        {
            var day = at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var (sum, count) = sums.GetValueOrDefault(day);
            sums[day] = (sum + value, count + 1);
        }

        return sums.ToDictionary(d => d.Key, d => d.Value.Sum / d.Value.Count);
    }

    private static double Mean(Dictionary<string, double> daily) => daily.Values.Sum() / daily.Count;

    /// <summary>One window's delta-method term s²/(n·m²), s² the sample variance of its daily means.</summary>
    private static double Term(Dictionary<string, double> daily)
    {
        var mean = Mean(daily);
        var variance = daily.Values.Sum(v => (v - mean) * (v - mean)) / (daily.Count - 1);
        return variance / (daily.Count * mean * mean);
    }

    private static double[] Wilson(int k, int n)
    {
        var p = (double)k / n;
        var centre = (p + (Z * Z / (2.0 * n))) / (1 + (Z * Z / n));
        var half = Z / (1 + (Z * Z / n)) * Math.Sqrt((p * (1 - p) / n) + (Z * Z / (4.0 * n * n)));
        return [centre - half, centre + half];
    }
}
