using Incident.Api.Infrastructure.Auth;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;

namespace Incident.Api.Features.Governance.Education;

/// <summary>Routes and registrations of the governance education area (docs/governance.md "Market education").</summary>
public static class EducationEndpoints
{
    public static IServiceCollection AddEducation(this IServiceCollection services)
    {
        services.AddOptions<NoticeOptions>().BindConfiguration(NoticeOptions.Section);
        services.AddScoped<NoticeStore>();
        services.AddScoped<RecipientSegments>();
        services.AddHttpClient<INoticeChannel, WebhookNoticeChannel>();
        services.AddSingleton<NoticeDelivery>();
        services.ConfigureAllQuartzSchedulers(q =>
        {
            var job = new JobKey("deliver-governance-notices");
            q.AddJob<DeliverNoticesJob>(j => j.WithIdentity(job));
            q.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity("deliver-governance-notices-every-minute")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
        });
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/governance/rules/{id}/notices").WithTags("Governance").RequireAuthorization();
        rules.MapPost("/", Send)
            .WithSummary("Send a market-education campaign to a segment of subjects")
            .ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapGet("/", List)
            .WithSummary("A rule's campaigns and notices with their delivery status")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<CampaignView>> Send(string id, SendNoticesBody body, HttpContext http, IMediator mediator)
    {
        var campaign = await mediator.Send(new SendNotices(id, body, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/governance/rules/{campaign.RuleId}/notices", campaign);
    }

    private static async Task<Ok<RuleNoticesView>> List(string id, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new RuleNotices(id, http.User.Viewer()), http.RequestAborted));
}
