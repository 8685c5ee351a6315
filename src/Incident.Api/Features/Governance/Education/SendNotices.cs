using System.Text.Json;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Education;

public sealed record RecipientBody(string? Type, string? Id);

public sealed record SegmentBody(string? Kind, int? MinStrikes, IReadOnlyList<RecipientBody?>? Subjects);

public sealed record SendNoticesBody(string? Template, SegmentBody? Segment, string? Language);

/// <summary>POST /api/governance/rules/{id}/notices: a market-education campaign, one templated notice per recipient of the segment.</summary>
public sealed record SendNotices(string IdOrKey, SendNoticesBody Body, Viewer Viewer) : ICommand<CampaignView>;

internal sealed class SendNoticesValidator : IValidator<SendNotices>
{
    public const int MaxSubjects = 10_000;

    public ValueTask ValidateAsync(SendNotices request, ValidationErrors errors, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins send notices.");
        }

        var body = request.Body;
        errors.OneOf(body.Template, "template", NoticeTemplates.Campaigns);
        errors.OneOf(body.Language, "language", NoticeTemplates.Languages, required: false);
        errors.OneOf(body.Segment?.Kind, "segment.kind", RecipientSegments.Kinds);
        errors.Check(body.Segment?.MinStrikes is null or >= 1 and <= 1000, "segment.minStrikes", "'minStrikes' must be between 1 and 1000.");
        var subjects = body.Segment?.Subjects ?? [];
        if (body.Segment?.Kind == RecipientSegments.Subjects)
        {
            errors.Check(subjects.Count is >= 1 and <= MaxSubjects, "segment.subjects", $"Name 1 to {MaxSubjects:N0} subjects {{ type, id }} (got {subjects.Count:N0}).");
        }
        else
        {
            errors.Check(subjects.Count == 0, "segment.subjects", "Only a segment of kind 'subjects' lists subjects.");
        }

        for (var i = 0; i < subjects.Count && errors.Count < EnforcementChecks.MaxReportedProblems; i++)
        {
            errors.OneOf(subjects[i]?.Type, $"segment.subjects[{i}].type", SubjectTypes.All);
            errors.Text(subjects[i]?.Id, $"segment.subjects[{i}].id", 1, 200);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class SendNoticesHandler(
    RuleVisibility visibility, RecipientSegments segments, NoticeStore notices, INoticeChannel channel, RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<SendNotices, CampaignView>
{
    public async Task<CampaignView> Handle(SendNotices request, CancellationToken ct)
    {
        var (body, viewer, now) = (request.Body, request.Viewer, clock.GetUtcNow());
        var rule = await visibility.LoadAsync(request.IdOrKey, viewer, ct);
        var version = rule.LiveVersion ?? rule.ShadowVersion ?? rule.Latest;
        var language = body.Language ?? NoticeTemplates.LanguageFor(version.Content.BusinessLine);
        var segment = new SegmentView(
            body.Segment!.Kind!,
            body.Segment.Kind == RecipientSegments.RuleOffenders ? body.Segment.MinStrikes ?? 1 : null,
            body.Segment.Subjects is { Count: > 0 } given ? [.. given.Select(s => new SubjectView(s!.Type!, s.Id!.Trim()))] : null);
        var recipients = await segments.RecipientsAsync(rule, version, segment, now, ct);
        var campaign = new GovernanceCampaign(
            Guid.CreateVersion7(now), rule.Id, version.Version, body.Template!, JsonSerializer.Serialize(segment, ApiJson.Options), language,
            recipients.Count, viewer.Username, now);
        var text = NoticeTemplates.Campaign(body.Template!, language, rule.Key, version);
        var sent = recipients
            .Select(r => GovernanceNotice.Compose(rule.Id, campaign.Id, null, body.Template!, r.Type, r.Id, language, text, channel.Configured, now))
            .ToList();
        await notices.InsertCampaignAsync(campaign, ct);
        await notices.InsertAsync(sent, ct);

        var data = RuleTimeline.Data(rule, version.Version);
        data["campaignId"] = campaign.Id;
        data["template"] = campaign.Template;
        data["segment"] = segment.Kind;
        data["language"] = language;
        data["recipients"] = recipients.Count;
        await timeline.RecordAsync(rule.IncidentIds, GovernanceEvents.NoticesSent, viewer.Username, data, ct);
        return CampaignView.From(campaign, segment, sent.GroupBy(n => n.DeliveryStatus).ToDictionary(g => g.Key, g => g.Count()));
    }
}
