using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Incident.Api.Features.Live;

/// <summary>
/// /hubs/incidents (API.md "Events and live updates"). Server → client <c>event</c> with one
/// timeline event; the connection's groups come from its token (ADR-0009).
/// </summary>
[Authorize]
public sealed class IncidentHub(IncidentVisibility visibility, LiveWatchers watchers, LiveAccountGuard guard) : Hub
{
    public const string Path = "/hubs/incidents";
    public const string EventMethod = "event";

    public override async Task OnConnectedAsync()
    {
        foreach (var group in LiveGroups.Of(Viewer))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        guard.Connected(Context, Viewer);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        guard.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Follow one incident the caller may see; anything else is "not found", as over HTTP.</summary>
    public async Task Watch(Guid incidentId)
    {
        await EnsureVisibleAsync(incidentId);
        watchers.Watch(Context.ConnectionId, Viewer, incidentId);
    }

    public async Task Unwatch(Guid incidentId)
    {
        await EnsureVisibleAsync(incidentId);
        watchers.Unwatch(Context.ConnectionId, incidentId);
    }

    private Viewer Viewer => Viewer.From(Context.User!);

    private async Task EnsureVisibleAsync(Guid incidentId)
    {
        try
        {
            await visibility.EnsureVisibleAsync(incidentId, Viewer, Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException("not found");
        }
    }
}
