using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Governance.Gate;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Signals;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Hosting;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Governance.Demo;

/// <summary>
/// Issue 9, item 9: the embedded default seeds one worked example — a guild fake-traffic rule launched from
/// an incident, months of enforcement, appeals, audits and the violation-rate series — built through the real
/// use cases with the clock pinned to when each step happened (<see cref="PinnableClock"/>), so a newcomer sees
/// real figures on first start. Runs once, before the server listens, when no governance rule exists yet.
/// </summary>
public static partial class GovernanceDemo
{
    public const string Metric = "fake-traffic-rate";

    public static async Task EnsureAsync(IServiceProvider root, CancellationToken ct)
    {
        var options = root.GetRequiredService<IOptions<IncidentOptions>>().Value;
        if (!(options.DemoGovernance ?? options.IsEmbeddedDefault) || root.GetRequiredService<TimeProvider>() is not PinnableClock)
        {
            return;
        }

        await using (var probe = root.CreateAsyncScope())
        {
            var session = probe.ServiceProvider.GetRequiredService<DbSession>();
            var connection = await session.ConnectionAsync(ct);
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from governance_rules", cancellationToken: ct)) > 0)
            {
                return;
            }
        }

        var logger = root.GetRequiredService<ILoggerFactory>().CreateLogger("Incident.Startup");
        var story = new DemoStory(root, root.GetRequiredService<TimeProvider>().GetUtcNow());
        await story.TellAsync(ct);
        LogSeeded(logger, story.RuleKey ?? "?");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the governance worked example ({RuleKey})")]
    private static partial void LogSeeded(ILogger logger, string ruleKey);
}

/// <summary>The worked example, step by step; <c>now</c> is the real start time, the story ends just before it.</summary>
internal sealed partial class DemoStory(IServiceProvider root, DateTimeOffset now)
{
    public static readonly Viewer Operator = new("operator1", "On-duty operator 1", [Roles.Operator], "risk-ops");
    public static readonly Viewer Leader = new("lead1", "Risk leadership", [Roles.Leader], "risk-ops");
    public static readonly Viewer Review = new("review1", "Review ops partner", [Roles.Partner], "review-ops");
    public static readonly Viewer Guild = new("guild1", "Live guild ops partner", [Roles.Partner], "live-guild-ops");

    private readonly Random random = new(20261203);

    public string? RuleKey { get; private set; }

    public DateTimeOffset Day(double daysAgo) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-daysAgo);

    public DateTimeOffset Launch => Day(45).AddHours(10);

    public async Task TellAsync(CancellationToken ct)
    {
        var (treated, control) = await SeriesAsync(ct);
        var incident = await OpenIncidentAsync(ct);
        var rule = await RuleAsync(incident, treated, control, ct);
        RuleKey = rule.Key;
        await EnforcementStoryAsync(rule, () => LaunchAsync(rule, incident.Id, ct), ct);
        await SendAsync(new EvaluateGovernanceGate(incident.Id), null, ct);
    }

    /// <summary>Hourly share of live rooms flagged for fake traffic (%), 100 days: ~4 % before the launch, down ~35 % after; a control line.</summary>
    private async Task<(Guid Treated, Guid Control)> SeriesAsync(CancellationToken ct)
    {
        var start = Day(100);
        var hours = (int)(now - start).TotalHours - 1;
        List<SignalPointInput> treated = [];
        List<SignalPointInput> control = [];
        for (var h = 0; h < hours; h++)
        {
            var at = start.AddHours(h);
            var daily = 1 + (0.12 * Math.Sin(2 * Math.PI * (at.Hour - 15) / 24.0));
            var sinceLaunch = (at - Launch).TotalDays;
            var effect = sinceLaunch <= 0 ? 1 : 1 - (0.42 * Math.Min(1, sinceLaunch / 6));
            var stamp = at.ToString("O", CultureInfo.InvariantCulture);
            treated.Add(new($"{h + 1}", stamp, Value(4.0 * daily * effect)));
            control.Add(new($"{h + 1}", stamp, Value(3.6 * daily * (1 - (0.04 * h / hours)))));
        }

        return (await RateSeriesAsync("douyin", treated, ct), await RateSeriesAsync("tiktok-live", control, ct));
    }

    /// <summary>
    /// The rule is meant to move this rate down: the level shift after the launch is the effect measured, not an
    /// anomaly to page anyone about, so the series alerts only at the top score (threshold 1).
    /// </summary>
    private async Task<Guid> RateSeriesAsync(string businessLine, List<SignalPointInput> points, CancellationToken ct)
    {
        var key = new SeriesKey(businessLine, "guild-violation", GovernanceDemo.Metric);
        var id = (await SendAsync(new IngestSignals(key, points[..24], Operator), null, ct)).SeriesId;
        await SendAsync(new SetSeriesThreshold(id, new SetSeriesThresholdBody(1.0), Operator), null, ct);
        await SendAsync(new IngestSignals(key, points[24..], Operator), null, ct);
        return id;
    }

    private string Value(double mean) => Math.Max(0, mean + (0.12 * Gaussian())).ToString("0.000", CultureInfo.InvariantCulture);

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private async Task<IncidentView> OpenIncidentAsync(CancellationToken ct)
    {
        var opened = Day(62).AddHours(9);
        var incident = (await SendAsync(new OpenIncident(
            new OpenIncidentBody(
                "公会刷量：直播榜单被机刷流量操纵 / Guild fake traffic manipulates the live ranking",
                "Monitoring shows guilds buying bot viewers and looped gifts to push their hosts up the hourly live ranking; " +
                "honest guilds lose traffic and users report fake rooms.",
                "douyin", "guild-violation", "S2", "monitoring", ["guild", "fake-traffic"]),
            Operator, null), opened, ct)).Incident;
        await ActAsync(incident.Id, "triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S2" }, opened.AddMinutes(20), ct);
        await ActAsync(incident.Id, "assess", new JsonObject
        {
            ["affectedContent"] = 4200, ["exposure"] = 1_800_000, ["spreadPerHour"] = 35, ["severity"] = "S2", ["partnerDepartment"] = "live-guild-ops",
        }, opened.AddHours(1), ct);
        await AcceptHandoffsAsync(incident.Id, opened.AddHours(1.5), ct);
        return incident;
    }

    private async Task<GovernanceRule> RuleAsync(IncidentView incident, Guid treated, Guid control, CancellationToken ct)
    {
        var body = new RuleBody(
            "公会机刷流量治理 / Guild fake-traffic rule",
            RuleKinds.Rule,
            "douyin",
            "guild-violation",
            SubjectTypes.Guild,
            """
            **Risk characteristics** — guilds that buy bot viewers, looped gifts or rented accounts to push their hosts up the live ranking:
            - viewer counts that jump without matching chat or gift diversity;
            - the same devices and payment accounts gifting across rooms of one guild;
            - ranking climbs in the last ten minutes of the hour.
            """,
            "model",
            "risk-ops",
            ["live-guild-ops", "review-ops"],
            [incident.Id],
            null,
            treated,
            control,
            [
                new LadderStepBody(1, LadderActions.Warning, null),
                new LadderStepBody(2, LadderActions.Education, null),
                new LadderStepBody(3, LadderActions.TrafficLimit, 7),
                new LadderStepBody(4, LadderActions.RevenueFreeze, 30),
                new LadderStepBody(5, LadderActions.GuildSuspension, 90),
                new LadderStepBody(6, LadderActions.Termination, null),
            ],
            90,
            4,
            false,
            new RuleTargetsBody(-0.3, 0.9, 0.6),
            28,
            48,
            null);
        var drafted = await SendAsync(new DraftRule(body, Operator), Day(60).AddHours(14), ct);
        await SendAsync(new ChangeRuleStatus(drafted.Id.ToString(), RuleTransitions.Submit, null, Operator), Day(60).AddHours(16), ct);
        await SendAsync(new ChangeRuleStatus(drafted.Id.ToString(), RuleTransitions.Approve, new("Targets agreed with live-guild ops.", null), Leader), Day(59).AddHours(10), ct);
        await SendAsync(new ChangeRuleStatus(drafted.Id.ToString(), RuleTransitions.Shadow, null, Leader), Day(55).AddHours(10), ct);
        await AcceptHandoffsAsync(incident.Id, Day(55).AddHours(12), ct);
        await using var scope = root.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RuleStore>().ReadAsync(drafted.Id, ct)
            ?? throw new InvalidOperationException("The demo rule vanished.");
    }

    private async Task LaunchAsync(GovernanceRule rule, Guid incidentId, CancellationToken ct)
    {
        await SendAsync(new ChangeRuleStatus(rule.Id.ToString(), RuleTransitions.Launch, new("Shadow run: would-be penalties looked right on review.", null), Leader), Launch, ct);
        await SendAsync(new EvaluateGovernanceGate(incidentId), Launch.AddMinutes(5), ct);
    }

    private async Task ActAsync(Guid incidentId, string action, JsonObject input, DateTimeOffset at, CancellationToken ct) =>
        await SendAsync(new TakeAction(incidentId, new TakeActionBody(action, input, null, null), Operator), at, ct);

    /// <summary>Every pending handoff of the incident accepted by its department.</summary>
    private async Task AcceptHandoffsAsync(Guid incidentId, DateTimeOffset at, CancellationToken ct)
    {
        var handoffs = await SendAsync(new IncidentHandoffs(incidentId, Operator), at, ct);
        foreach (var handoff in handoffs.Items.Where(h => h.Status == HandoffStatuses.Pending))
        {
            var by = handoff.ToDepartment == Review.Department ? Review : handoff.ToDepartment == Guild.Department ? Guild : Leader;
            await SendAsync(new AcceptHandoff(handoff.Id, "On it.", by), at, ct);
        }
    }

    /// <summary>Sends a use case in its own scope, as if at <paramref name="at"/> (the real now when null).</summary>
    public async Task<T> SendAsync<T>(IRequest<T> request, DateTimeOffset? at, CancellationToken ct)
    {
        using var pin = at is { } when ? PinnableClock.Pin(when) : null;
        await using var scope = root.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
