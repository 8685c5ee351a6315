using Quartz;

namespace Incident.Api.Features.Reports;

/// <summary>Registration of the reports feature: store, templates, sections, the flash-report hook, the daily digest job, endpoints.</summary>
public static class ReportsModule
{
    public static IServiceCollection AddReportsFeature(this IServiceCollection services)
    {
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section);
        services.AddSingleton<ReportTemplates>();
        services.AddScoped<ReportStore>();
        services.AddScoped<ReportComposer>();
        services.AddScoped<FlashReportTask>();
        services.AddScoped<IReportSection, IncidentSection>();
        services.AddScoped<IReportSection, TimelineSection>();
        services.AddScoped<IReportSection, HandoffsSection>();
        services.AddSingleton<DailyDigest>();
        AddDigestSchedule(services);
        return services;
    }

    public static void MapReports(this IEndpointRouteBuilder app) => ReportsEndpoints.Map(app);

    /// <summary>
    /// The scheduler itself is the workflow feature's (ADR-0008: clustered on PostgreSQL, so one node
    /// fires the digest); this adds one cron trigger in the configured zone, whatever the call order.
    /// </summary>
    private static void AddDigestSchedule(IServiceCollection services) =>
        services.ConfigureAllQuartzSchedulers(q =>
        {
            var job = new JobKey("produce-daily-digest");
            q.AddJob<ProduceDailyDigestJob>(j => j.WithIdentity(job));
            q.AddTrigger((provider, t) =>
            {
                var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportsOptions>>().Value;
                var at = options.DigestLocalTime();
                t.ForJob(job)
                    .WithIdentity("produce-daily-digest-daily")
                    .WithCronSchedule($"0 {at.Minute} {at.Hour} * * ?", c => c.InTimeZone(options.Zone()));
            });
        });
}
