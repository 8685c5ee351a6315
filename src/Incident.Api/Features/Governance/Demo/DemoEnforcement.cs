using System.Globalization;
using Incident.Api.Features.Governance.Appeals;
using Incident.Api.Features.Governance.Education;
using Incident.Api.Features.Governance.Effectiveness;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Demo;

/// <summary>
/// The worked example's months of enforcement: the platform's daily decisions (shadow for ten days, then live and
/// falling as the rule bites), appeals a day or so later decided by review ops, training completed, a market-
/// education campaign at launch, and the QA audits that measure precision and coverage.
/// </summary>
internal sealed partial class DemoStory
{
    private const int Guilds = 1200;

    private int serial;

    private async Task EnforcementStoryAsync(GovernanceRule rule, Func<Task> launch, CancellationToken ct)
    {
        List<(DateTimeOffset FiledAt, string ExternalId)> appeals = [];
        List<(DateTimeOffset DecideAt, Guid AppealId, bool Overturn)> decisions = [];
        for (var daysAgo = 55; daysAgo >= 1; daysAgo--)
        {
            var day = Day(daysAgo);
            if (day.Date == Launch.Date)
            {
                await launch();
                await SendAsync(new SendNotices(rule.Id.ToString(), new SendNoticesBody("new-rule", new SegmentBody("guilds-of-business-line", null, null), "zh-CN"), Leader), Launch.AddHours(2), ct);
            }

            var imported = await ImportDayAsync(rule, day, DailyRecords(daysAgo), ct);
            foreach (var record in imported.Records.Where(r => !r.Shadow))
            {
                if (random.NextDouble() < 0.09)
                {
                    appeals.Add((day.AddHours(24 + random.Next(2, 30)), record.ExternalId));
                }

                if (record.Action == LadderActions.Education && random.NextDouble() < 0.6)
                {
                    await SendAsync(new CompleteEducation(record.ExternalId, new CompleteEducationBody(day.AddDays(2)), Operator), day.AddDays(2).AddHours(1), ct);
                }
            }

            var until = day.AddDays(1);
            foreach (var (filedAt, externalId) in appeals.Where(a => a.FiledAt < until).OrderBy(a => a.FiledAt).ToList())
            {
                var filed = await SendAsync(
                    new FileAppeals([new AppealSubmission(new InputRow("", false), new FileAppealBody(externalId, AppealStatement(), filedAt.ToString("O", CultureInfo.InvariantCulture)))], Operator),
                    filedAt, ct);
                decisions.Add((filedAt.AddHours(random.Next(4, 44)), filed[0].Id, random.NextDouble() < 0.14));
                appeals.Remove((filedAt, externalId));
            }

            foreach (var decision in decisions.Where(d => d.DecideAt < until).OrderBy(d => d.DecideAt).ToList())
            {
                await DecideAsync(decision.AppealId, decision.Overturn, decision.DecideAt, ct);
                decisions.Remove(decision);
            }

        }

        foreach (var decision in decisions.Where(d => d.DecideAt < now))
        {
            await DecideAsync(decision.AppealId, decision.Overturn, decision.DecideAt, ct);
        }

        await AuditAsync(rule, "precision", 200, 188, null, Day(14).AddHours(15), ct);
        await AuditAsync(rule, "coverage", 400, 6, 20_000, Day(7).AddHours(15), ct);
        await SendAsync(new FeedAppealSignals(), null, ct);
    }

    /// <summary>Decisions a day: ~28 in shadow, ~30 at launch falling to ~19 as guilds stop buying traffic.</summary>
    private int DailyRecords(int daysAgo)
    {
        var sinceLaunch = 45 - daysAgo;
        var level = sinceLaunch < 0 ? 28.0 : 30 - (11 * Math.Min(1, sinceLaunch / 20.0));
        return Math.Max(5, (int)Math.Round(level + (3 * Gaussian())));
    }

    private async Task<ImportedEnforcements> ImportDayAsync(GovernanceRule rule, DateTimeOffset day, int count, CancellationToken ct)
    {
        List<EnforcementSubmission> submissions = [];
        for (var i = 0; i < count; i++)
        {
            serial++;
            // A few guilds come back again and again (recidivists); most are seen once or twice.
            var guild = random.NextDouble() < 0.15 ? 1000 + random.Next(30) : 1000 + random.Next(Guilds);
            var body = new EnforcementRecordBody(
                $"demo-enf-{serial:000000}", rule.Id.ToString(), null, new SubjectBody(SubjectTypes.Guild, $"guild-{guild}", null),
                day.AddHours(random.Next(0, 22)).AddMinutes(random.Next(60)).ToString("O", CultureInfo.InvariantCulture),
                random.NextDouble() < 0.03, true, "partially", null, null, null, null, null, null, null, null, null,
                "Bot viewers and looped gifts detected by the traffic model; confirmed by a reviewer.", null, null, null, null, null, null);
            submissions.Add(new EnforcementSubmission(new InputRow($"records[{i}]", false), body));
        }

        return await SendAsync(new ImportEnforcements(submissions, Operator), day.AddHours(23), ct);
    }

    private async Task DecideAsync(Guid appealId, bool overturn, DateTimeOffset at, CancellationToken ct) =>
        await SendAsync(
            new DecideAppeal(appealId, new DecideAppealBody(
                overturn ? "overturned" : "upheld",
                overturn ? "复核确认流量来自真实活动推广，撤销处罚。Traffic came from a real promotion." : "复核确认存在机刷流量，维持原判。Bot traffic confirmed on review.",
                "zh-CN"), Review),
            at, ct);

    private async Task AuditAsync(GovernanceRule rule, string kind, int n, int violating, long? population, DateTimeOffset at, CancellationToken ct)
    {
        // Precision samples enforced records (most really violated); coverage samples the unenforced population (few did).
        var items = Enumerable.Range(1, n)
            .Select(i => new AuditItemBody($"{kind}-sample-{i:0000}", kind == "precision" ? i > n - violating : i <= violating))
            .ToList<AuditItemBody?>();
        await SendAsync(new RecordAudit(new RecordAuditBody(rule.Id.ToString(), kind, items, population, null), Review), at, ct);
    }

    private string AppealStatement() => random.Next(4) switch
    {
        0 => "我们公会的流量来自正常的线下活动推广，不是机刷。",
        1 => "The viewers were real fans from our offline event; please review the gift records.",
        2 => "主播不知道代运营使用了刷量工具，已经解约，请求撤销。",
        _ => "We were flagged during a legitimate ranking campaign approved by our account manager.",
    };
}
