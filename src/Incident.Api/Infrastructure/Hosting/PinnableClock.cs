namespace Incident.Api.Infrastructure.Hosting;

/// <summary>
/// The system clock, except inside <see cref="Pin"/>: there (in that async flow only) "now" is the pinned time.
/// The embedded demo builds its worked governance example through the real use cases as if it had happened
/// over the past months; everything else, and every other request, sees the real time.
/// </summary>
public sealed class PinnableClock(TimeProvider inner) : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Pinned = new();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Pinned.Value ?? inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    /// <summary>Pins "now" for the calling async flow (and the flows it starts) until disposed.</summary>
    public static IDisposable Pin(DateTimeOffset at)
    {
        var before = Pinned.Value;
        Pinned.Value = at.ToUniversalTime();
        return new Unpin(before);
    }

    private sealed class Unpin(DateTimeOffset? before) : IDisposable
    {
        public void Dispose() => Pinned.Value = before;
    }
}
