using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Live;

/// <summary>The official clients: @microsoft/signalr under node, and the web UI in headless Chromium (tests/e2e).</summary>
public sealed class NodeClientTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task The_npm_signalr_client_receives_an_event_of_its_department()
    {
        var (exitCode, output) = await NodeTests.RunAsync("signalr-client.test.mjs", server.BaseAddress, TimeSpan.FromMinutes(2));
        exitCode.ShouldBe(0, output);
    }
}

public sealed class BrowserTests(WebUiServer server) : IClassFixture<WebUiServer>
{
    [Fact]
    public async Task The_partner_inbox_and_the_leadership_board_update_live_in_a_real_browser()
    {
        var (exitCode, output) = await NodeTests.RunAsync("live-ui.test.mjs", server.BaseAddress, TimeSpan.FromMinutes(3));
        exitCode.ShouldBe(0, output);
    }
}
