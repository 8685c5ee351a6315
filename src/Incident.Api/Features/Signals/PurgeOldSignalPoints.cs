using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;
using Quartz;

namespace Incident.Api.Features.Signals;

/// <summary>Retention (Incident:Signals:RetentionDays): deletes points observed before the cutoff. Anomalies stay.</summary>
public sealed record PurgeOldSignalPoints(DateTimeOffset Cutoff) : ICommand<int>;

internal sealed class PurgeOldSignalPointsHandler(SignalStore signals) : IRequestHandler<PurgeOldSignalPoints, int>
{
    public Task<int> Handle(PurgeOldSignalPoints request, CancellationToken ct) => signals.DeletePointsBeforeAsync(request.Cutoff, ct);
}

/// <summary>The work of <see cref="PurgeOldSignalPointsJob"/>; tests call <see cref="PurgeAsync"/> directly with their clock.</summary>
public sealed class SignalRetention(IServiceScopeFactory scopes, IOptions<SignalOptions> options, TimeProvider clock)
{
    /// <summary>Deletes every point older than the retention period by the injected clock; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PurgeOldSignalPoints(cutoff), ct);
    }
}

/// <summary>Quartz's daily trigger for <see cref="SignalRetention"/>.</summary>
[DisallowConcurrentExecution]
public sealed class PurgeOldSignalPointsJob(SignalRetention retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PurgeAsync(cancellationToken);
}
