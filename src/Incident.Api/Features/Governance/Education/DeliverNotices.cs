using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;
using Quartz;

namespace Incident.Api.Features.Governance.Education;

/// <summary>
/// Sends the notices waiting for delivery: pending ones, and failed ones with attempts left (retried at the next run,
/// a minute later). Not one transaction: a send is a network call, so each outcome is recorded by its own
/// <see cref="RecordNoticeDelivery"/> command.
/// </summary>
public sealed record DeliverNotices(int Limit = 1000) : IRequest<NoticeDeliveryRun>;

public sealed record NoticeDeliveryRun(int Attempted, int Delivered, int Failed, int NotSent);

/// <summary>One send's outcome, written only if no other run recorded this attempt already.</summary>
public sealed record RecordNoticeDelivery(Guid NoticeId, int AttemptsBefore, string Status, DateTimeOffset? DeliveredAt, string? Error) : ICommand<bool>;

internal sealed class RecordNoticeDeliveryHandler(NoticeStore notices) : IRequestHandler<RecordNoticeDelivery, bool>
{
    public Task<bool> Handle(RecordNoticeDelivery request, CancellationToken ct) =>
        notices.RecordAttemptAsync(request.NoticeId, request.AttemptsBefore, request.Status, request.DeliveredAt, request.Error, ct);
}

internal sealed class DeliverNoticesHandler(DbSession session, INoticeChannel channel, IMediator mediator, IOptions<NoticeOptions> options, TimeProvider clock)
    : IRequestHandler<DeliverNotices, NoticeDeliveryRun>
{
    public async Task<NoticeDeliveryRun> Handle(DeliverNotices request, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var due = (await connection.QueryAsync<NoticeRow>(new CommandDefinition(
            $"""
            select {NoticeRow.Columns}
            from governance_notices n
            where n.delivery_status = @pending
                or (n.delivery_status = @failed and n.attempts < @maxAttempts)
            order by n.created_at, n.id
            {session.Dialect.Page}
            """,
            new
            {
                pending = DeliveryStatuses.Pending,
                failed = DeliveryStatuses.Failed,
                maxAttempts = options.Value.MaxDeliveryAttempts,
                skip = 0,
                take = request.Limit,
            },
            cancellationToken: ct))).ToList();

        var (delivered, failed, notSent) = (0, 0, 0);
        foreach (var notice in due.Select(r => r.ToNotice()))
        {
            var sent = channel.Configured ? await channel.SendAsync(notice, ct) : null;
            var status = sent is null ? DeliveryStatuses.NotSent : sent.Delivered ? DeliveryStatuses.Delivered : DeliveryStatuses.Failed;
            await mediator.Send(
                new RecordNoticeDelivery(notice.Id, notice.Attempts, status, sent?.Delivered == true ? clock.GetUtcNow() : null, sent is null ? DeliveryStatuses.NoChannel : sent.Error),
                ct);
            (delivered, failed, notSent) = status switch
            {
                DeliveryStatuses.Delivered => (delivered + 1, failed, notSent),
                DeliveryStatuses.Failed => (delivered, failed + 1, notSent),
                _ => (delivered, failed, notSent + 1),
            };
        }

        return new NoticeDeliveryRun(due.Count, delivered, failed, notSent);
    }
}

/// <summary>The work of <see cref="DeliverNoticesJob"/> in its own scope; tests call <see cref="DeliverAsync"/> directly.</summary>
public sealed class NoticeDelivery(IServiceScopeFactory scopes)
{
    public async Task<NoticeDeliveryRun> DeliverAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverNotices(), ct);
    }
}

/// <summary>Quartz's minute trigger for <see cref="NoticeDelivery"/>.</summary>
[DisallowConcurrentExecution]
public sealed class DeliverNoticesJob(NoticeDelivery delivery) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.DeliverAsync(cancellationToken);
}
