using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// The real application on real Kestrel (loopback, free port) over a fresh database; one per test
/// class. Demo users are seeded; the clock is a FakeClock the test can move.
/// </summary>
public class ApiServer : IAsyncLifetime
{
    public const string Password = "demo-pass-1";
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    private WebApplication? app;

    public TestDatabase Database { get; private set; } = null!;

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => app!.Services;

    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>The server's clock: the FakeClock itself, or (a derived fixture) a clock built on it.</summary>
    protected virtual TimeProvider TimeProviderFor(FakeClock clock) => clock;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            $"--Incident:Database:Provider={Database.Provider}",
            $"--Incident:Database:ConnectionString={Database.ConnectionString}",
            "--Incident:DemoData=true",
            $"--Incident:Auth:SigningKey={SigningKey}",
            $"--Incident:DataDirectory={Database.Directory ?? Path.GetTempPath()}",
            // The suite signs in hundreds of times from one address (README "Security"); RateLimitTests lower these.
            "--Incident:RateLimits:SignInPermitLimit=1000000",
            "--Incident:RateLimits:UserPermitLimit=1000000",
            "--Logging:LogLevel:Default=Error",
            .. ExtraArguments,
        ];
        app = IncidentApp.Build(args, b =>
        {
            b.Services.AddSingleton(TimeProviderFor(Clock));
            b.WebHost.UseContentRoot(AppContext.BaseDirectory);
        });
        await app.PrepareAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public async Task<HttpClient> SignIn(string username, string password = Password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Runs a read against the database directly, to assert what was (not) written.</summary>
    public async Task<T> Scalar<T>(string sql, object? parameters = null)
    {
        var dialect = Services.GetRequiredService<SqlDialect>();
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("No value.");
    }

    public sealed record TokenResponse(string AccessToken, int ExpiresIn);
}
