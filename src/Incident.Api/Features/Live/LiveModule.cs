using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Live;

/// <summary>Registration of live updates: the SignalR hub and the fan-out between nodes (ADR-0009).</summary>
public static class LiveModule
{
    public static IServiceCollection AddLiveFeature(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<LiveWatchers>();
        services.AddSingleton<LiveDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveDispatcher>());
        services.AddHostedService<PostgresEventSignal>();
        services.AddSingleton<LiveAccountGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveAccountGuard>());
        return services;
    }

    public static void MapLive(this IEndpointRouteBuilder app) => app.MapHub<IncidentHub>(IncidentHub.Path);
}
