using System.Net.Http.Headers;
using System.Net.Http.Json;
using Incident.Api;
using Incident.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The API on a loopback port over a bench database, with demo users, and an HTTP client signed in as operator1.</summary>
internal static class BenchServer
{
    public static async Task<(WebApplication App, HttpClient Http)> StartAsync(
        DatabaseProvider provider, string connectionString, HttpMessageHandler handler)
    {
        var app = IncidentApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Incident:Database:Provider={provider}",
            $"--Incident:Database:ConnectionString={connectionString}",
            "--Incident:DemoData=true",
            "--Incident:Auth:SigningKey=bench-signing-key-0123456789-0123456789",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.PrepareAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        await SignInAsync(http);
        return (app, http);
    }

    /// <summary>Gets operator1 a token and sends it with every request of <paramref name="http"/>.</summary>
    public static async Task SignInAsync(HttpClient http)
    {
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { username = "operator1", password = "demo-pass-1" }))
            .Content.ReadFromJsonAsync<TokenBody>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
    }

    private sealed record TokenBody(string AccessToken);
}
