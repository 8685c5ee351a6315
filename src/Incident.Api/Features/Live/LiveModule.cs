namespace Incident.Api.Features.Live;

/// <summary>Registration of live updates: the SignalR hub and the fan-out between nodes.</summary>
public static class LiveModule
{
    public static IServiceCollection AddLiveFeature(this IServiceCollection services) => services;

    public static void MapLive(this IEndpointRouteBuilder app)
    {
    }
}
