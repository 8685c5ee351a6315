namespace Incident.Api.Features.Timeline;

/// <summary>
/// In-process fan-out of committed events, in seq order. The SignalR hub and any other local
/// listener subscribe here; other nodes learn of events through the database.
/// </summary>
public sealed class LiveEvents
{
    private readonly Lock gate = new();
    private readonly List<Action<TimelineEvent>> listeners = [];

    public IDisposable Subscribe(Action<TimelineEvent> listener)
    {
        lock (gate)
        {
            listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    public void Publish(IReadOnlyList<TimelineEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Action<TimelineEvent>[] current;
        lock (gate)
        {
            current = [.. listeners];
        }

        foreach (var e in events)
        {
            foreach (var listener in current)
            {
                listener(e);
            }
        }
    }

    private sealed class Subscription(LiveEvents owner, Action<TimelineEvent> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.listeners.Remove(listener);
            }
        }
    }
}
