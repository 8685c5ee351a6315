using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Assessment;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Reports;
using Incident.Api.Features.Samples;
using Incident.Api.Features.Signals;
using Incident.Api.Features.StatusUpdates;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Hosting;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Incidents.Demo;

/// <summary>
/// Issue 10, item 10: the embedded default opens on a handful of incidents in different stages, so every screen has
/// something to show — an S1 in escalation with one handoff accepted and one still waiting, its assessment, samples,
/// a published flash report and a status update; a monitoring incident opened by a spike in a report-volume series;
/// an S2 waiting for its assessment; an S3 fresh from a feedback channel. Built through the real use cases with the
/// clock pinned to the minutes before start (<see cref="PinnableClock"/>), so the timers keep running from there:
/// the waiting handoff expires on its own a few minutes after the first start unless somebody accepts it.
/// Runs once, before the server listens, on a database that has no incident yet.
/// </summary>
public static partial class IncidentDemo
{
    public static async Task EnsureAsync(IServiceProvider root, CancellationToken ct)
    {
        var options = root.GetRequiredService<IOptions<IncidentOptions>>().Value;
        if (!(options.DemoIncidents ?? options.IsEmbeddedDefault) || root.GetRequiredService<TimeProvider>() is not PinnableClock)
        {
            return;
        }

        await using (var probe = root.CreateAsyncScope())
        {
            var connection = await probe.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from incidents", cancellationToken: ct)) > 0)
            {
                return;
            }
        }

        var logger = root.GetRequiredService<ILoggerFactory>().CreateLogger("Incident.Startup");
        var story = new IncidentDemoStory(root, root.GetRequiredService<TimeProvider>().GetUtcNow());
        try
        {
            await story.TellAsync(ct);
            LogSeeded(logger, story.Opened);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Demo content is a courtesy: the product starts without it (the incidents seeded so far stay).
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo incidents")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seeding the demo incidents stopped")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>The demo incidents, each at its own minutes before <c>now</c> (the real start time).</summary>
internal sealed class IncidentDemoStory(IServiceProvider root, DateTimeOffset now)
{
    private static readonly Viewer Operator = new("operator1", "On-duty operator 1", [Roles.Operator], "risk-ops");
    private static readonly Viewer Leader = new("lead1", "Risk leadership", [Roles.Leader], "risk-ops");
    private static readonly Viewer Review = new("review1", "Review ops partner", [Roles.Partner], "review-ops");

    private readonly Random random = new(20261204);

    public int Opened { get; private set; }

    public async Task TellAsync(CancellationToken ct)
    {
        await MonitoringSpikeAsync(ct);
        await AwaitingAssessmentAsync(ct);
        await GamblingS1Async(ct);
        await FreshFeedbackAsync(ct);
    }

    private DateTimeOffset Ago(double minutes) => now.AddMinutes(-minutes);

    /// <summary>
    /// The S1: live rooms steering viewers to gambling sites, reported through the feedback channel. Triaged, assessed
    /// with legal as the partner, flash report approved and published, escalated; review ops accepted its handoff,
    /// legal's is still waiting (15 minutes to accept, ~10 left at start).
    /// </summary>
    private async Task GamblingS1Async(CancellationToken ct)
    {
        var incident = await OpenAsync(new OpenIncidentBody(
            "直播间诱导观众跳转涉赌网站 / Live rooms steer viewers to gambling sites",
            "Users report hosts on Douyin live rooms pinning QR codes and short links that lead to offshore gambling sites, " +
            "with 'guaranteed win' gift events. First reports at 08:00; the links change every few minutes.",
            "douyin", "fraud-scam", "S2", "feedback", ["gambling", "live-room", "qr-code"]), Ago(12), ct);
        await ActAsync(incident.Id, "triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S1", ["note"] = "Confirmed on 14 rooms, links still live." }, Ago(11), ct);
        await SendAsync(new AttachSamples(incident.Id, GamblingSamples(), Operator), Ago(10.5), ct);
        await SendAsync(new SubmitAssessment(incident.Id, new AssessmentInput(3800, 2_400_000, 220, null, false, null, null), Operator), Ago(10), ct);
        await ActAsync(incident.Id, "assess", new JsonObject
        {
            ["affectedContent"] = 3800, ["exposure"] = 2_400_000, ["spreadPerHour"] = 220, ["severity"] = "S1", ["partnerDepartment"] = "legal",
        }, Ago(9.5), ct);

        var flash = await SendAsync(new DraftReport(incident.Id, new DraftReportBody("flash"), Operator), Ago(8), ct);
        await SendAsync(new ApproveReport(flash.Id, Leader), Ago(7), ct);
        // Publishing the flash report completes the workflow's flash-report task: the incident escalates, both handoffs go out.
        await SendAsync(new PublishReport(flash.Id, new PublishReportBody(["review-ops", "legal"]), Operator), Ago(6.5), ct);

        var handoffs = await SendAsync(new IncidentHandoffs(incident.Id, Operator), Ago(3), ct);
        foreach (var handoff in handoffs.Items.Where(h => h.Status == HandoffStatuses.Pending && h.ToDepartment == Review.Department))
        {
            await SendAsync(new AcceptHandoff(handoff.Id, "Taking the 14 rooms down; watching for new links.", Review), Ago(3), ct);
        }

        await SendAsync(new PostStatusUpdate(incident.Id, new PostStatusUpdateBody(
            UpdateStatuses.Identified,
            "About 2.4 million viewers saw the links; no payment losses confirmed yet. Review ops is taking the rooms down; " +
            "legal has been asked whether to report to the regulator.",
            30), Operator), Ago(2), ct);
    }

    /// <summary>A monitoring incident: a day of five-minute report volumes for misinformation on TikTok Live, spiking at the end.</summary>
    private async Task MonitoringSpikeAsync(CancellationToken ct)
    {
        const int points = 480;
        var end = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-45);
        var rows = new List<SignalPointInput>(points);
        for (var i = 0; i < points; i++)
        {
            var at = end.AddMinutes(-5 * (points - 1 - i));
            var daily = 1 + (0.25 * Math.Sin(2 * Math.PI * (at.Hour - 14) / 24.0));
            var spike = i >= points - 4 ? 6.0 : 1.0;
            rows.Add(new($"{i + 1}", at.ToString("O", CultureInfo.InvariantCulture), (Math.Max(0, (80 * daily) + (3 * Gaussian())) * spike).ToString("0.0", CultureInfo.InvariantCulture)));
        }

        var series = new SeriesKey("tiktok-live", "misinformation", "report-volume");
        await SendAsync(new IngestSignals(series, rows[..^4], Operator), end.AddMinutes(-20), ct);
        var spiked = await SendAsync(new IngestSignals(series, rows[^4..], Operator), end.AddMinutes(1), ct);
        Opened += spiked.Anomalies.Count > 0 ? 1 : 0;
    }

    /// <summary>An S2 triaged an hour ago, its assessment still to do.</summary>
    private async Task AwaitingAssessmentAsync(CancellationToken ct)
    {
        var incident = await OpenAsync(new OpenIncidentBody(
            "未成年人在直播间大额打赏 / Minors tipping large sums in live rooms",
            "Parents report children tipping hosts thousands of yuan in an evening; the rooms run 'gift races' after 21:00.",
            "tiktok-live", "minor-safety", "S3", "feedback", ["minors", "tipping"]), Ago(70), ct);
        await ActAsync(incident.Id, "triage", new JsonObject { ["outcome"] = "Confirmed", ["severity"] = "S2", ["note"] = "Three rooms confirmed from refund requests." }, Ago(58), ct);
    }

    /// <summary>An S3 just in from a feedback channel, not triaged yet.</summary>
    private Task<IncidentView> FreshFeedbackAsync(CancellationToken ct) => OpenAsync(new OpenIncidentBody(
        "用户反馈：低质搬运视频刷屏 / Users report a flood of reposted low-quality videos",
        "The feedback channel has 60 reports in an hour about reposted clips with burned-in watermarks filling the recommendation feed.",
        "douyin", "low-quality-surge", "S3", "feedback", ["repost", "feed"]), Ago(4), ct);

    private async Task<IncidentView> OpenAsync(OpenIncidentBody body, DateTimeOffset at, CancellationToken ct)
    {
        Opened++;
        return (await SendAsync(new OpenIncident(body, Operator, null), at, ct)).Incident;
    }

    private Task<ActionTaken> ActAsync(Guid incidentId, string action, JsonObject input, DateTimeOffset at, CancellationToken ct) =>
        SendAsync(new TakeAction(incidentId, new TakeActionBody(action, input, null, null), Operator), at, ct);

    private static readonly string[] GamblingTexts =
    [
        "主播置顶二维码，说扫码进群领彩金",
        "直播间福利：点链接注册送 888 元",
        "Host pins a QR code: scan to join the lucky draw group",
        "Link in the comments says guaranteed win on the gift race",
        "扫码下载 app 必中大奖，主播亲测",
        "The short link redirects to an offshore casino page",
        "评论区有人刷：充值翻倍，稳赚不赔",
        "Gift event promises cash back through a betting site",
        "主播口播：加微信带你上岸",
        "New link every five minutes after the last one was blocked",
        "直播间挂着澳门官方授权的假标识",
        "Viewers asked to move to a private group for betting tips",
    ];

    private static List<SampleInput> GamblingSamples() =>
        [.. GamblingTexts.Select((text, i) => new SampleInput($"fb-20261204-{i + 1:000}", text, null, ["feedback"], null))];

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Sends a use case in its own scope, as if at <paramref name="at"/>.</summary>
    private async Task<T> SendAsync<T>(IRequest<T> request, DateTimeOffset at, CancellationToken ct)
    {
        using var pin = PinnableClock.Pin(at);
        await using var scope = root.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
