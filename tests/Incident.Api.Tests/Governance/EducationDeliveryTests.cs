using System.Net;
using System.Text.Json.Nodes;
using Incident.Api.Features.Governance.Education;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Incident.Api.Tests.Governance.EducationCalls;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>
/// Issue 9, item 5: notices are written as pending with what caused them and delivered by the notice job to the
/// platform's messaging (Incident:Governance:NoticeWebhookUrl), retried up to three attempts. The job is run directly.
/// </summary>
public sealed class EducationDeliveryTests(ApiServer server) : IClassFixture<ApiServer>, IAsyncLifetime
{
    private NoticeReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await NoticeReceiver.StartAsync();
        Configure(server, "NoticeWebhookUrl", receiver.Url);
    }

    public async Task DisposeAsync()
    {
        Configure(server, "NoticeWebhookUrl", null);
        await receiver.DisposeAsync();
    }

    private NoticeDelivery Delivery => server.Services.GetRequiredService<NoticeDelivery>();

    [Fact]
    public async Task Pending_notices_are_posted_to_the_webhook_and_marked_delivered()
    {
        var op = await server.SignIn("operator1");
        var (ruleId, key) = await LiveRule(server);
        var campaign = await SendOk(op, key, Subjects("g-a", "g-b"));
        campaign["pending"]!.GetValue<int>().ShouldBe(2);

        var run = await Delivery.DeliverAsync();
        run.Delivered.ShouldBeGreaterThanOrEqualTo(2);
        var posted = Posted(campaign);
        posted.Select(n => n["recipient"]!["id"]!.GetValue<string>()).Order().ShouldBe(["g-a", "g-b"]);
        posted[0]["kind"]!.GetValue<string>().ShouldBe("education");
        posted[0]["language"]!.GetValue<string>().ShouldBe("en");
        posted[0]["title"]!.GetValue<string>().ShouldStartWith("Compliance training:");
        posted[0]["ruleId"]!.GetValue<string>().ShouldBe(ruleId);

        var view = await ApiCalls.GetJson(op, $"/api/governance/rules/{key}/notices");
        var notices = Of(view, campaign);
        notices.ShouldAllBe(n => n["deliveryStatus"]!.GetValue<string>() == "delivered");
        notices.ShouldAllBe(n => n["deliveredAt"]!.GetValue<DateTimeOffset>() == server.Clock.GetUtcNow());
        notices.ShouldAllBe(n => n["attempts"]!.GetValue<int>() == 1);
        var counted = view["campaigns"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == campaign["id"]!.GetValue<string>())!;
        (counted["delivered"]!.GetValue<int>(), counted["pending"]!.GetValue<int>()).ShouldBe((2, 0));

        // Delivered notices are not sent again.
        await Delivery.DeliverAsync();
        Posted(campaign).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_until_three_attempts_and_then_the_notice_stays_failed()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        receiver.Answer = _ => HttpStatusCode.InternalServerError;
        try
        {
            var campaign = await SendOk(op, key, Subjects("g-fail"));
            for (var run = 0; run < 4; run++)
            {
                await Delivery.DeliverAsync();
            }

            var notice = Of(await ApiCalls.GetJson(op, $"/api/governance/rules/{key}/notices"), campaign).Single();
            notice["deliveryStatus"]!.GetValue<string>().ShouldBe("failed");
            notice["attempts"]!.GetValue<int>().ShouldBe(3);
            notice["error"]!.GetValue<string>().ShouldBe("HTTP 500 Internal Server Error");
            notice["deliveredAt"].ShouldBeNull();
            Posted(campaign).Count.ShouldBe(3);
        }
        finally
        {
            receiver.Answer = _ => HttpStatusCode.OK;
        }
    }

    [Fact]
    public async Task A_failure_then_a_success_delivers_on_the_retry_and_an_appeal_decision_notice_is_delivered_too()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        var externalId = Unique("e");
        await ImportOk(op, Record(externalId, key, Unique("g"), server.Clock.GetUtcNow().AddDays(-1)));
        var appealId = (await FileAppeal(op, externalId))["id"]!.GetValue<string>();
        var answered = 0;
        receiver.Answer = n => n["appealId"]?.GetValue<string>() == appealId && Interlocked.Increment(ref answered) == 1
            ? HttpStatusCode.ServiceUnavailable
            : HttpStatusCode.OK;
        try
        {
            var decided = await ApiCalls.Body(await Decide(await server.SignIn("lead1"), appealId, "upheld"));
            decided["notice"]!["deliveryStatus"]!.GetValue<string>().ShouldBe("pending");
            await Delivery.DeliverAsync();
            await Delivery.DeliverAsync();
            var appeal = (await ApiCalls.GetJson(op, $"/api/governance/appeals?ruleId={key}"))["items"]![0]!;
            appeal["notice"]!["deliveryStatus"]!.GetValue<string>().ShouldBe("delivered");
            appeal["notice"]!["attempts"]!.GetValue<int>().ShouldBe(2);
            appeal["notice"]!["error"].ShouldBeNull();
            receiver.Received.Count(n => n["appealId"]?.GetValue<string>() == appealId).ShouldBe(2);
        }
        finally
        {
            receiver.Answer = _ => HttpStatusCode.OK;
        }
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_in_time_fails_the_attempt()
    {
        var op = await server.SignIn("operator1");
        var (_, key) = await LiveRule(server);
        Configure(server, "NoticeTimeoutSeconds", "0.2");
        receiver.Delay = TimeSpan.FromSeconds(2);
        try
        {
            var campaign = await SendOk(op, key, Subjects("g-slow"));
            await Delivery.DeliverAsync();
            var notice = Of(await ApiCalls.GetJson(op, $"/api/governance/rules/{key}/notices"), campaign).Single();
            notice["deliveryStatus"]!.GetValue<string>().ShouldBe("failed");
            notice["error"]!.GetValue<string>().ShouldBe("no answer within 0.2 s");
        }
        finally
        {
            receiver.Delay = TimeSpan.Zero;
            Configure(server, "NoticeTimeoutSeconds", "5");
        }
    }

    private static object Subjects(params string[] ids) =>
        new { template = "education", segment = new { kind = "subjects", subjects = ids.Select(id => new { type = "guild", id }).ToArray() } };

    private List<JsonNode> Posted(JsonNode campaign) =>
        [.. receiver.Received.Where(n => n["campaignId"]?.GetValue<string>() == campaign["id"]!.GetValue<string>())];

    private static List<JsonNode> Of(JsonNode view, JsonNode campaign) =>
        [.. view["notices"]!.AsArray().Where(n => n!["campaignId"]?.GetValue<string>() == campaign["id"]!.GetValue<string>()).Select(n => n!)];
}
