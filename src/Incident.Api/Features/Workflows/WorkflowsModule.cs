using Incident.Api.Infrastructure.Database;
using Incident.Workflows.Definitions;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;
using Quartz;

namespace Incident.Api.Features.Workflows;

/// <summary>Registration of the workflow feature: engine, definition store, host, timers, endpoints.</summary>
public static class WorkflowsModule
{
    public static IServiceCollection AddWorkflowsFeature(this IServiceCollection services)
    {
        services.AddSingleton(p => new WorkflowEngine(
            Dialect(p), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<WorkflowEngine>>()));
        services.AddSingleton(p => new WorkflowDefinitionStore(Dialect(p), p.GetRequiredService<TimeProvider>()));
        services.AddScoped<IncidentWorkflows>();
        services.AddScoped<ActionInputEffects>();
        services.AddSingleton<DueTimers>();
        AddTimerSweep(services);
        return services;
    }

    public static void MapWorkflows(this IEndpointRouteBuilder app) => WorkflowsEndpoints.Map(app);

    private static WorkflowDialect Dialect(IServiceProvider services) => services.GetRequiredService<SqlDialect>().Provider switch
    {
        DatabaseProvider.Postgres => WorkflowDialect.PostgreSql,
        DatabaseProvider.SqlServer => WorkflowDialect.SqlServer,
        _ => WorkflowDialect.Sqlite,
    };

    /// <summary>
    /// ADR-0008: Quartz fires the sweep every second. On PostgreSQL its store is the shared database,
    /// clustered, so with several nodes one sweep runs at a time; on SQLite (one node by nature) and
    /// SQL Server the in-memory store is enough, because the sweep is safe to run on every node at once
    /// (each timer resumes in its own transaction and the second resume finds its bookmark burned).
    /// </summary>
    private static void AddTimerSweep(IServiceCollection services)
    {
        // The dialect was registered by IncidentApp before this feature (the composition root reads the options).
        var dialect = services.LastOrDefault(d => d.ServiceType == typeof(SqlDialect))?.ImplementationInstance as SqlDialect;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "incident";
                o.IdleWaitTime = TimeSpan.FromSeconds(1);
            });
            var job = new JobKey("fire-due-timers");
            q.AddJob<FireDueTimersJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity("fire-due-timers-every-second")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()));
            if (dialect is PostgresDialect postgres)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(postgres.DataSource.ConnectionString);
                    s.UseSystemTextJsonSerializer();
                    // UseClustering also turns on GenerateInstanceId (the id stays the default otherwise), so each
                    // node checks in under its own id and one node's recovery never replays a live peer's firings (ADR-0026).
                    s.UseClustering();
                    s.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
