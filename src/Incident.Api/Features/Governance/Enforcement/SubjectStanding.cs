using Dapper;
using Incident.Api.Features.Governance.Appeals;
using Incident.Api.Features.Governance.Education;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Enforcement;

public sealed record RuleStanding(Guid RuleId, string RuleKey, string RuleName, int ActiveStrikes, LadderStep? NextStep);

public sealed record ActivePenalty(Guid RuleId, string RuleKey, string ExternalId, string Action, DateTimeOffset From, DateTimeOffset? Until);

public sealed record SubjectStandingView(
    SubjectView Subject, int ActiveStrikes, IReadOnlyList<RuleStanding> Rules, IReadOnlyList<ActivePenalty> ActivePenalties,
    IReadOnlyList<EnforcementView> Records, IReadOnlyList<AppealView> Appeals, IReadOnlyList<NoticeView> Notices);

/// <summary>
/// GET /api/governance/subjects/{type}/{id}: a subject's standing now (the clock's), over the records on it and the
/// records counting against it (a guild's creators under a rolling-up rule). Visible rules only; nothing is 200 empty.
/// </summary>
public sealed record SubjectStanding(string Type, string Id, Viewer Viewer) : IQuery<SubjectStandingView>;

internal sealed class SubjectStandingValidator : IValidator<SubjectStanding>
{
    public ValueTask ValidateAsync(SubjectStanding request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Type, "type", SubjectTypes.All);
        errors.Text(request.Id, "id", 1, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class SubjectStandingHandler(DbSession session, RuleStore rules, TimeProvider clock) : IRequestHandler<SubjectStanding, SubjectStandingView>
{
    public const int MaxListed = 200;

    public async Task<SubjectStandingView> Handle(SubjectStanding request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var viewer = request.Viewer;
        var mine = $"""
            where ((e.subject_type = @type and e.subject_id = @id) or (e.strike_subject_type = @type and e.strike_subject_id = @id))
            {RuleVisibility.Filter(viewer, "e.rule_id")}
            """;
        var parameters = new { type = request.Type, id = request.Id, no = false, now, viewerDepartment = viewer.Department, skip = 0, take = MaxListed };
        var connection = await session.ConnectionAsync(ct);
        var records = (await connection.QueryAsync<EnforcementRow>(new CommandDefinition(
            $"""
            select {EnforcementRow.Columns}
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            {mine}
            order by e.occurred_at desc, e.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct))).ToList();
        // Strikes and penalties need every standing record, not only the newest 200.
        var standing = (await connection.QueryAsync<EnforcementRow>(new CommandDefinition(
            $"""
            select e.rule_id as RuleId, e.external_id as ExternalId, e.strike_subject_type as StrikeSubjectType,
                e.strike_subject_id as StrikeSubjectId, e.occurred_at as OccurredAt, e.action as Action, e.duration_days as DurationDays
            from governance_enforcements e
            {mine}
                and e.reversed = @no
                and e.shadow = @no
                and e.occurred_at <= @now
            """,
            parameters, cancellationToken: ct))).ToList();

        var standings = new List<RuleStanding>();
        var penalties = new List<ActivePenalty>();
        foreach (var ruleId in records.Select(r => r.RuleId).Concat(standing.Select(s => s.RuleId)).Distinct())
        {
            var rule = await rules.LoadAsync(ruleId, ct);
            var content = (rule.LiveVersion ?? rule.ShadowVersion ?? rule.Latest).Content;
            var since = now - TimeSpan.FromDays(content.StrikeWindowDays);
            var active = standing.Count(s => s.RuleId == ruleId && s.StrikeSubjectType == request.Type && s.StrikeSubjectId == request.Id && s.OccurredAt > since);
            standings.Add(new RuleStanding(rule.Id, rule.Key, content.Name, active, content.Ladder.Count == 0 ? null : content.StepFor(active + 1)));
            penalties.AddRange(standing
                .Where(s => s.RuleId == ruleId && (s.Action == LadderActions.Termination || (s.DurationDays is { } d && s.OccurredAt.AddDays(d) > now)))
                .Select(s => new ActivePenalty(rule.Id, rule.Key, s.ExternalId, s.Action, s.OccurredAt,
                    s.Action == LadderActions.Termination ? null : s.OccurredAt.AddDays(s.DurationDays!.Value))));
        }

        var appealIds = await EnforcementRow.LatestAppealsAsync(session, [.. records.Select(r => r.Id)], ct);
        var appeals = await AppealRow.ReadAsync(session, $"{mine}\norder by a.filed_at desc, a.id\n{session.Dialect.Page}", parameters, now, ct);
        var notices = await connection.QueryAsync<NoticeRow>(new CommandDefinition(
            $"""
            select {NoticeRow.Columns}
            from governance_notices n
            where n.recipient_type = @type
                and n.recipient_id = @id
            {RuleVisibility.Filter(viewer, "n.rule_id")}
            order by n.created_at desc, n.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        return new SubjectStandingView(
            new SubjectView(request.Type, request.Id),
            standings.Sum(s => s.ActiveStrikes),
            [.. standings.OrderBy(s => s.RuleKey, StringComparer.Ordinal)],
            [.. penalties.OrderByDescending(p => p.From)],
            [.. records.Select(r => r.ToView(appealIds.TryGetValue(r.Id, out var a) ? a : null))],
            appeals,
            [.. notices.Select(n => n.ToView())]);
    }
}
