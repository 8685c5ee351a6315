namespace Incident.Workflows.Tests.Support;

/// A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not on the mirror).
internal sealed class FakeClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
