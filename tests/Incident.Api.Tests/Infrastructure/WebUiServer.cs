using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// Like ApiServer, but serving the built web UI (src/Incident.Api/wwwroot, built by the API's
/// BuildWebUi target) and on the real clock, for tests in a real browser.
/// </summary>
public sealed class WebUiServer : IAsyncLifetime
{
    private WebApplication? app;

    public TestDatabase Database { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static string WebRoot => Path.Combine(NodeTests.RepositoryRoot, "src", "Incident.Api", "wwwroot");

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
                "--Logging:LogLevel:Default=Error",
                $"--contentRoot={AppContext.BaseDirectory}",
                $"--webroot={WebRoot}",
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
