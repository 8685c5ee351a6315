using Incident.Api.Features.Governance.Education;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Governance.Appeals;

public sealed record DecideAppealBody(string? Outcome, string? Reason, string? Language);

/// <summary>
/// POST /api/governance/appeals/{id}/decide: upheld keeps the penalty; overturned reverses the record, so it no longer
/// counts as a strike. Either way the subject gets a templated notice (zh-CN or en), delivered by the notice job.
/// </summary>
public sealed record DecideAppeal(Guid AppealId, DecideAppealBody Body, Viewer Viewer) : ICommand<AppealView>;

internal sealed class DecideAppealValidator(IOptions<AppealOptions> options) : IValidator<DecideAppeal>
{
    public ValueTask ValidateAsync(DecideAppeal request, ValidationErrors errors, CancellationToken ct)
    {
        // Checked before the appeal is read, so a caller who may not decide learns nothing about which appeals exist.
        if (!GovernanceAppeal.MayDecide(request.Viewer, options.Value.ReviewingDepartment))
        {
            throw new ForbiddenException($"Only {options.Value.ReviewingDepartment} and leaders decide appeals.");
        }

        errors.OneOf(request.Body.Outcome, "outcome", AppealStatuses.Outcomes);
        errors.Text(request.Body.Reason, "reason", 1, 2000);
        errors.OneOf(request.Body.Language, "language", NoticeTemplates.Languages, required: false);
        return ValueTask.CompletedTask;
    }
}

internal sealed class DecideAppealHandler(
    DbSession session, AppealStore appeals, EnforcementStore records, NoticeStore notices, INoticeChannel channel, RuleStore rules,
    RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<DecideAppeal, AppealView>
{
    public async Task<AppealView> Handle(DecideAppeal request, CancellationToken ct)
    {
        var (body, viewer, now) = (request.Body, request.Viewer, clock.GetUtcNow());
        var appeal = await appeals.LockAsync(request.AppealId, ct) ?? throw new NotFoundException("appeal", request.AppealId);
        appeal.Decide(body.Outcome!, body.Reason!.Trim(), viewer, now);
        await appeals.SaveDecisionAsync(appeal, ct);

        var current = (await AppealRow.ReadAsync(session, "where a.id = @id", new { id = appeal.Id }, now, ct))[0];
        if (appeal.Overturned)
        {
            await records.ReverseAsync(appeal.EnforcementId, now, ct);
        }

        var rule = await rules.LoadAsync(appeal.RuleId, ct);
        var version = rule.Versions.Single(v => v.Version == appeal.RuleVersion);
        var language = body.Language ?? NoticeTemplates.LanguageFor(version.Content.BusinessLine);
        var occurredAt = (await records.LockAsync(current.EnforcementExternalId, ct))!.OccurredAt;
        var text = NoticeTemplates.Decision(language, current.RuleName, rule.Key, current.Action, occurredAt, appeal.Overturned, appeal.Reason!);
        var notice = GovernanceNotice.Compose(
            rule.Id, null, appeal.Id, NoticeTemplates.AppealDecision, current.Subject.Type, current.Subject.Id, language, text, channel.Configured, now);
        await notices.InsertAsync([notice], ct);

        var data = RuleTimeline.Data(rule, appeal.RuleVersion);
        data["appealId"] = appeal.Id;
        data["enforcementExternalId"] = current.EnforcementExternalId;
        data["subject"] = current.Subject;
        data["outcome"] = appeal.Status;
        await timeline.RecordAsync(rule.IncidentIds, GovernanceEvents.AppealDecided, viewer.Username, data, ct);
        return current with { Notice = NoticeView.From(notice) };
    }
}
