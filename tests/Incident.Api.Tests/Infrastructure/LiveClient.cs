using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>A real SignalR client on /hubs/incidents (JSON protocol, token in the query string) that records every <c>event</c>.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<JsonElement> received = [];

    private LiveClient(HubConnection connection, string token)
    {
        Connection = connection;
        Token = token;
        connection.On<JsonElement>("event", e =>
        {
            lock (gate)
            {
                received.Add(e.Clone());
            }
        });
    }

    public HubConnection Connection { get; }

    public string Token { get; }

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    public IReadOnlyList<long> Seqs => [.. Events.Select(e => e.GetProperty("seq").GetInt64())];

    public IReadOnlyList<JsonElement> Of(string incidentId) =>
        [.. Events.Where(e => e.GetProperty("incidentId").GetString() == incidentId)];

    public static async Task<string> TokenFor(Uri baseAddress, string username, string password = ApiServer.Password)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiServer.TokenResponse>())!.AccessToken;
    }

    public static async Task<LiveClient> Connect(Uri baseAddress, string username) =>
        await ConnectWithToken(baseAddress, await TokenFor(baseAddress, username));

    public static async Task<LiveClient> ConnectWithToken(Uri baseAddress, string? token)
    {
        var client = new LiveClient(Build(baseAddress, token), token ?? "");
        await client.Connection.StartAsync();
        return client;
    }

    public static HubConnection Build(Uri baseAddress, string? token)
    {
        var ws = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/hubs/incidents" };
        if (token is not null)
        {
            ws.Query = $"access_token={Uri.EscapeDataString(token)}";
        }

        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory, WebSocketConnectionFactory>();
        builder.Services.AddSingleton<System.Net.EndPoint>(new UriEndPoint(ws.Uri));
        builder.AddJsonProtocol();
        return builder.Build();
    }

    public Task WaitForEvent(string incidentId, string type, TimeSpan? timeout = null) =>
        Eventually.True(
            () => Of(incidentId).Any(e => e.GetProperty("type").GetString() == type),
            $"a '{type}' event of {incidentId}",
            timeout);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
