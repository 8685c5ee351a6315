using Incident.Api.Features.Handoffs;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.OpenApi;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;

namespace Incident.Api.Features.StatusUpdates;

/// <summary>Issue 10 item 3: structured status updates, their overdue reminder and the internal status view.</summary>
public static class StatusUpdatesEndpoints
{
    public static IServiceCollection AddStatusUpdatesFeature(this IServiceCollection services)
    {
        services.AddScoped<StatusUpdateStore>();
        services.AddScoped<StatusUpdateRules>();
        services.AddSingleton<OverdueUpdateReminders>();
        // The scheduler is the workflow feature's (ADR-0008); this adds one trigger, whatever the call order.
        services.ConfigureAllQuartzSchedulers(q =>
        {
            var job = new JobKey("remind-overdue-updates");
            q.AddJob<RemindOverdueUpdatesJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity("remind-overdue-updates-every-30s")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(30)).RepeatForever()));
        });
        return services;
    }

    public static void MapStatusUpdates(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/incidents").WithTags("Status updates").RequireAuthorization();
        incidents.MapPost("/{id:guid}/updates", Post)
            .WithSummary("Post a status update (status, impact, when the next one is due)")
            .WithDescription(
                "`status`: investigating, identified, monitoring, resolved. Pushed live as `incident.status-update` to the " +
                "involved departments and watchers; when `nextUpdateInMinutes` passes without a newer update, " +
                "`incident.status-update-overdue` is recorded once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The incident is closed.");
        incidents.MapGet("/{id:guid}/updates", List)
            .WithSummary("An incident's status updates, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGroup("/api/status").WithTags("Status updates").RequireAuthorization()
            .MapGet("/", View)
            .WithSummary("Internal status view: every open S1/S2 incident with its latest update")
            .WithDescription("Readable by everyone signed in; shows key, title, severity, stage, lead and the latest update only.");
    }

    private static async Task<Created<StatusUpdateView>> Post(Guid id, PostStatusUpdateBody body, HttpContext http, IMediator mediator)
    {
        var update = await mediator.Send(new PostStatusUpdate(id, body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/incidents/{id}/updates", update);
    }

    private static async Task<Ok<ItemsOf<StatusUpdateView>>> List(Guid id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new IncidentStatusUpdates(id, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<StatusViewResult>> View(HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new StatusView(http.User.Viewer()), http.RequestAborted));
}
