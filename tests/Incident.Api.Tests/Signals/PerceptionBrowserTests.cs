using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Signals;

/// <summary>Issue 5 "done when", end to end in headless Chromium (tests/e2e/perception-ui.test.mjs).</summary>
public sealed class PerceptionBrowserTests(WebUiServer server) : IClassFixture<WebUiServer>
{
    [Fact]
    public async Task A_csv_of_report_volumes_opens_an_incident_live_and_its_flash_report_reaches_the_partner_live_in_a_real_browser()
    {
        var (exitCode, output) = await NodeTests.RunAsync("perception-ui.test.mjs", server.BaseAddress, TimeSpan.FromMinutes(3));
        exitCode.ShouldBe(0, output);
    }
}
