using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Live;

/// <summary>
/// Issue 4 item 3 "accessible": axe-core's WCAG 2.1 AA rules on every screen in both languages, and keyboard-only use
/// (tests/e2e/accessibility.test.mjs). The governance screens (issue 9) are checked on the seeded worked example.
/// </summary>
public sealed class AccessibilityTests(GovernanceWebUiServer server) : IClassFixture<GovernanceWebUiServer>
{
    [Fact]
    public async Task Every_screen_passes_wcag_2_1_aa_checks_in_both_languages_and_works_from_the_keyboard()
    {
        var (exitCode, output) = await NodeTests.RunAsync("accessibility.test.mjs", server.BaseAddress, TimeSpan.FromMinutes(5));
        exitCode.ShouldBe(0, output);
    }
}
