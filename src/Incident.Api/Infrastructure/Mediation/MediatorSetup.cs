using System.Reflection;
using MediatR;

namespace Incident.Api.Infrastructure.Mediation;

/// <summary>MediatR 5.1.0 ships no DI helper: a short scan registers handlers and validators.</summary>
public static class MediatorSetup
{
    public static IServiceCollection AddUseCases(this IServiceCollection services, Assembly assembly)
    {
        services.AddScoped<ServiceFactory>(p => p.GetRequiredService);
        services.AddScoped<IMediator, Mediator>();

        var open = new[] { typeof(IRequestHandler<,>), typeof(IValidator<>) };
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && open.Contains(i.GetGenericTypeDefinition())))
            {
                services.AddScoped(contract, type);
            }
        }

        // Order matters: log around everything, validate before opening a transaction.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        return services;
    }
}
