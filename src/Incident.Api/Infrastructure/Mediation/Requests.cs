using MediatR;

namespace Incident.Api.Infrastructure.Mediation;

/// <summary>A use case that changes state: runs inside one transaction (TransactionBehavior).</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A use case that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;

/// <summary>Checks a request before its handler runs; reports every problem at once.</summary>
public interface IValidator<in TRequest>
{
    ValueTask ValidateAsync(TRequest request, ValidationErrors errors, CancellationToken ct);
}
