using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Governance;

/// <summary>Issue 9 "done when", end to end in headless Chromium (tests/e2e/governance-ui.test.mjs), with the worked example seeded.</summary>
public sealed class GovernanceBrowserTests(GovernanceWebUiServer server) : IClassFixture<GovernanceWebUiServer>
{
    [Fact]
    public async Task A_rule_drafted_from_an_incident_is_launched_enforced_appealed_taught_and_audited_and_the_incident_reaches_closure_by_itself_in_a_real_browser()
    {
        var (exitCode, output) = await NodeTests.RunAsync("governance-ui.test.mjs", server.BaseAddress, TimeSpan.FromMinutes(3));
        exitCode.ShouldBe(0, output);
    }
}
