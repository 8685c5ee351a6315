using Quartz;

namespace Incident.Api.Features.Signals;

/// <summary>Registration of the signals feature: store, monitoring incidents, retention job, endpoints.</summary>
public static class SignalsModule
{
    public static IServiceCollection AddSignalsFeature(this IServiceCollection services)
    {
        services.AddOptions<SignalOptions>().BindConfiguration(SignalOptions.Section);
        services.AddScoped<SignalStore>();
        services.AddScoped<MonitoringIncidents>();
        services.AddScoped<Reports.IReportSection, SignalsReportSection>();
        services.AddSingleton<SignalRetention>();
        // A second AddQuartz adds to the scheduler WorkflowsModule configures (same store, clustered on PostgreSQL).
        services.AddQuartz(q =>
        {
            var job = new JobKey("purge-old-signal-points");
            q.AddJob<PurgeOldSignalPointsJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity("purge-old-signal-points-daily")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        });
        return services;
    }
}
