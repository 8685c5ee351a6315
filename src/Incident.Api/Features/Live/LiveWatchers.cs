using System.Collections.Concurrent;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Auth;

namespace Incident.Api.Features.Live;

/// <summary>
/// Connections that called <c>Watch(incidentId)</c>. Kept here rather than as a SignalR group:
/// SignalR sends once per group, so a watcher also in its department group would get every event
/// twice (LiveDeliveryTests shows it). The dispatcher sends only to watchers their group misses.
/// </summary>
public sealed class LiveWatchers
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, Viewer>> byIncident = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, byte>> byConnection = new();

    public void Watch(string connectionId, Viewer viewer, Guid incidentId)
    {
        byIncident.GetOrAdd(incidentId, _ => new())[connectionId] = viewer;
        byConnection.GetOrAdd(connectionId, _ => new())[incidentId] = 0;
    }

    public void Unwatch(string connectionId, Guid incidentId)
    {
        if (byIncident.TryGetValue(incidentId, out var watchers))
        {
            watchers.TryRemove(connectionId, out _);
        }

        if (byConnection.TryGetValue(connectionId, out var incidents))
        {
            incidents.TryRemove(incidentId, out _);
        }
    }

    public void Forget(string connectionId)
    {
        if (byConnection.TryRemove(connectionId, out var incidents))
        {
            foreach (var incidentId in incidents.Keys)
            {
                if (byIncident.TryGetValue(incidentId, out var watchers))
                {
                    watchers.TryRemove(connectionId, out _);
                }
            }
        }
    }

    /// <summary>Watchers of the event's incident that its groups do not reach.</summary>
    public IReadOnlyList<string> Uncovered(TimelineEvent e) =>
        byIncident.TryGetValue(e.IncidentId, out var watchers) && !watchers.IsEmpty
            ? [.. watchers.Where(w => !LiveGroups.Covers(w.Value, e)).Select(w => w.Key)]
            : [];
}
