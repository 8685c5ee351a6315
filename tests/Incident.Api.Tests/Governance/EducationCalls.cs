using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Incident.Api.Tests.Governance;

/// <summary>Market-education helpers over the public contract (docs/governance.md "Market education").</summary>
public static class EducationCalls
{
    public static Task<HttpResponseMessage> Send(HttpClient client, string ruleId, object body) =>
        client.PostAsJsonAsync($"/api/governance/rules/{ruleId}/notices", body);

    public static async Task<JsonNode> SendOk(HttpClient client, string ruleId, object body)
    {
        var response = await Send(client, ruleId, body);
        await ApiCalls.Expect(response, HttpStatusCode.Created);
        return await ApiCalls.Body(response);
    }

    /// <summary>
    /// Sets Incident:Governance:<paramref name="key"/> on this server (the webhook URL of its notice channel, the timeout).
    /// The channel reads its options per scope, so the next request and delivery run use it, as after a configuration reload.
    /// </summary>
    public static void Configure(ApiServer server, string key, string? value) =>
        server.Services.GetRequiredService<IConfiguration>()[$"Incident:Governance:{key}"] = value;
}

/// <summary>The platform's messaging, faked: a loopback HTTP receiver that records each notice and answers as told.</summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private NoticeReceiver(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<JsonNode> Received { get; } = new();

    /// <summary>How to answer a notice: 200 by default.</summary>
    public Func<JsonNode, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.OK;

    public TimeSpan Delay { get; set; }

    public static async Task<NoticeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NoticeReceiver? receiver = null;
        app.MapPost("/notices", async (HttpContext http) =>
        {
            var notice = await http.Request.ReadFromJsonAsync<JsonNode>();
            receiver!.Received.Enqueue(notice!);
            await Task.Delay(receiver.Delay);
            return Results.StatusCode((int)receiver.Answer(notice!));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new NoticeReceiver(app, $"{address}/notices");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
