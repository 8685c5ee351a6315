using System.Collections.Concurrent;
using Incident.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Incident.Api.Features.Live;

/// <summary>
/// A hub connection's delivery group is fixed when it connects (ADR-0009), from a token that stays
/// valid for hours. This closes the connections of an account that was disabled or whose roles or
/// department changed: at once on the node where an admin changed it (<see cref="AccountStatus.Changed"/>),
/// on other nodes at the next check (every <see cref="CheckInterval"/>, plus AccountStatus' own
/// freshness). The client's reconnect then fails authentication, or, after signing in again, lands in
/// its new group — so a moved partner stops receiving the old department's events.
/// </summary>
public sealed partial class LiveAccountGuard(AccountStatus status, ILogger<LiveAccountGuard> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (string Username, string Stamp, HubCallerContext Context)> connections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);

    public void Connected(HubCallerContext context, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(viewer);
        connections[context.ConnectionId] = (viewer.Username, AccountStatus.Stamp(viewer.Roles, viewer.Department), context);
    }

    public void Disconnected(string connectionId) => connections.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await wake.WaitAsync(CheckInterval, stoppingToken);
                    await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            status.Changed -= OnChanged;
        }
    }

    private void OnChanged(string username)
    {
        if (connections.Values.Any(c => c.Username == username))
        {
            wake.Release();
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        foreach (var account in connections.Values.GroupBy(c => c.Username, StringComparer.Ordinal))
        {
            var current = await status.StampAsync(account.Key, ct);
            foreach (var (username, stamp, context) in account)
            {
                if (stamp != current)
                {
                    LogClosing(logger, username, context.ConnectionId);
                    context.Abort();
                    connections.TryRemove(context.ConnectionId, out _);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing live connection {ConnectionId} of {Username}: the account was disabled or changed")]
    private static partial void LogClosing(ILogger logger, string username, string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the accounts of live connections failed; trying again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
