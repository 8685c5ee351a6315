using System.Diagnostics;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Database;
using MediatR;

namespace Incident.Api.Infrastructure.Mediation;

internal sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var name = typeof(TRequest).Name;
        try
        {
            var response = await next();
            LogHandled(logger, name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e)
        {
            LogFailed(logger, name, e.GetType().Name, e.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} failed with {Error} ({Message}) after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string request, string error, string message, double elapsedMs);
}

internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var errors = new ValidationErrors();
        foreach (var validator in validators)
        {
            await validator.ValidateAsync(request, errors, cancellationToken);
        }

        errors.ThrowIfAny();
        return await next();
    }
}

/// <summary>
/// One transaction per command (eShop's TransactionBehavior): the handler's writes and the
/// timeline events it appended commit together; only then are the events pushed live.
/// </summary>
internal sealed class TransactionBehavior<TRequest, TResponse>(DbSession session, LiveEvents live)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || session.Transaction is not null)
        {
            return await next();
        }

        await session.BeginAsync(cancellationToken);
        try
        {
            var response = await next();
            await session.CommitAsync(cancellationToken);
            live.Publish(session.TakeCommittedEvents());
            return response;
        }
        catch
        {
            await session.RollbackAsync();
            session.TakeCommittedEvents();
            throw;
        }
    }
}
