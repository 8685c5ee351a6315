using Dapper;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Education;

public sealed record SegmentView(string Kind, int? MinStrikes, IReadOnlyList<SubjectView>? Subjects);

/// <summary>Who a campaign addresses (docs/governance.md "Market education"), each recipient once.</summary>
public sealed class RecipientSegments(DbSession session)
{
    public const string GuildsOfBusinessLine = "guilds-of-business-line";
    public const string RuleOffenders = "rule-offenders";
    public const string Subjects = "subjects";

    public static readonly IReadOnlyList<string> Kinds = [GuildsOfBusinessLine, RuleOffenders, Subjects];

    public async Task<IReadOnlyList<SubjectView>> RecipientsAsync(
        GovernanceRule rule, RuleVersion version, SegmentView segment, DateTimeOffset now, CancellationToken ct) => segment.Kind switch
    {
        GuildsOfBusinessLine => await GuildsAsync(version.Content.BusinessLine, ct),
        RuleOffenders => await OffendersAsync(rule.Id, version.Content.StrikeWindowDays, segment.MinStrikes ?? 1, now, ct),
        _ => [.. (segment.Subjects ?? []).Distinct()],
    };

    /// <summary>Every guild seen in the enforcement records of the business line's rules: guild subjects and creators' guilds.</summary>
    private async Task<IReadOnlyList<SubjectView>> GuildsAsync(string businessLine, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select e.subject_id
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            join governance_rule_versions v on v.rule_id = r.id and v.version = r.latest_version
            where v.business_line = @businessLine
                and e.subject_type = @guild
            union
            select e.guild_id
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            join governance_rule_versions v on v.rule_id = r.id and v.version = r.latest_version
            where v.business_line = @businessLine
                and e.guild_id is not null
            """,
            new { businessLine, guild = SubjectTypes.Guild }, session.Transaction, cancellationToken: ct));
        return [.. ids.Distinct().Order(StringComparer.Ordinal).Select(id => new SubjectView(SubjectTypes.Guild, id))];
    }

    /// <summary>The counting subjects with at least <paramref name="minStrikes"/> active strikes under the rule now.</summary>
    private async Task<IReadOnlyList<SubjectView>> OffendersAsync(Guid ruleId, int windowDays, int minStrikes, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<OffenderRow>(new CommandDefinition(
            """
            select e.strike_subject_type as Type, e.strike_subject_id as Id
            from governance_enforcements e
            where e.rule_id = @ruleId
                and e.reversed = @no
                and e.shadow = @no
                and e.occurred_at > @since
                and e.occurred_at <= @now
            group by e.strike_subject_type, e.strike_subject_id
            having count(*) >= @minStrikes
            """,
            new { ruleId, no = false, since = now - TimeSpan.FromDays(windowDays), now, minStrikes }, session.Transaction, cancellationToken: ct));
        return [.. rows.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => new SubjectView(r.Type, r.Id))];
    }

    private sealed class OffenderRow
    {
        public string Type { get; init; } = "";

        public string Id { get; init; } = "";
    }
}
