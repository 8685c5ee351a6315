using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// Like ApiServer, but serving the built web UI (src/Incident.Api/wwwroot, built by the API's
/// BuildWebUi target) and on the real clock, for tests in a real browser.
/// </summary>
public class WebUiServer : IAsyncLifetime
{
    private WebApplication? app;

    public TestDatabase Database { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static string WebRoot => Path.Combine(NodeTests.RepositoryRoot, "src", "Incident.Api", "wwwroot");

    /// <summary>Command-line options a derived fixture adds to the server's.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
        {
            throw new InvalidOperationException($"No built UI in {WebRoot}: build src/Incident.Api without -p:SkipWebBuild=true once.");
        }

        Database = await TestDatabase.CreateAsync();
        app = IncidentApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                "--environment=Testing",
                $"--Incident:Database:Provider={Database.Provider}",
                $"--Incident:Database:ConnectionString={Database.ConnectionString}",
                "--Incident:DemoData=true",
                $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
                $"--Incident:DataDirectory={Database.Directory ?? Path.GetTempPath()}",
                // The suite signs in hundreds of times from one address (README "Security"); RateLimitTests lower these.
                "--Incident:RateLimits:SignInPermitLimit=1000000",
                "--Incident:RateLimits:UserPermitLimit=1000000",
                "--Logging:LogLevel:Default=Error",
                $"--contentRoot={AppContext.BaseDirectory}",
                $"--webroot={WebRoot}",
                .. ExtraArguments,
            ]);
        await app.PrepareAsync();
        await app.StartAsync();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
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
}

/// <summary>
/// A WebUiServer that also seeds the governance worked example (issue 9). The example builds its months of
/// history on the real clock through PinnableClock, so the server keeps the real TimeProvider.
/// </summary>
public sealed class GovernanceWebUiServer : WebUiServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Incident:DemoGovernance=true"];
}
