using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>
/// The aggregate SQL behind a rule version's effectiveness: counts and group-bys over indexed ranges
/// (0052's covering indexes), never the records themselves: a rule has millions of them. Public so the
/// governance benchmark can time the same statements bare.
/// </summary>
public sealed class EffectivenessReads(DbSession session)
{
    private SqlDialect Dialect => session.Dialect;

    /// <summary>Daily means of a series inside [from, to), split at the launch (a launch-day point belongs to its own side).</summary>
    public async Task<IReadOnlyList<SeriesDay>> SeriesDaysAsync(Guid seriesId, DateTimeOffset from, DateTimeOffset launch, DateTimeOffset to, CancellationToken ct)
    {
        var rows = await QueryAsync<SeriesDay>(
            $"""
            select d.after_launch as AfterLaunch, d.day as Date, avg(d.value) as Value, count(*) as Points
            from (
                select case when p.observed_at < @launch then 0 else 1 end as after_launch,
                    {EffectivenessSql.UtcDay(Dialect, "p.observed_at")} as day,
                    p.value as value
                from signal_points p
                where p.series_id = @seriesId
                    and p.observed_at >= @from
                    and p.observed_at < @to
            ) d
            group by d.after_launch, d.day
            order by d.day, d.after_launch
            """,
            new { seriesId, from = from.ToUniversalTime(), launch = launch.ToUniversalTime(), to = to.ToUniversalTime() }, ct);
        return [.. rows];
    }

    /// <summary>
    /// Records of the version by kind, and its strike subjects with one or at least two standing (non-shadow, not
    /// reversed) records. The one pass over every standing record is the subject group-by; shadow and reversed
    /// records are few and counted from their own index ranges.
    /// </summary>
    public async Task<RecordCounts> RecordCountsAsync(Guid ruleId, int version, CancellationToken ct)
    {
        var (yes, no) = (EffectivenessSql.Bool(Dialect, true), EffectivenessSql.Bool(Dialect, false));
        var rows = await QueryAsync<RecordCounts>(
            $"""
            select s.subjects as Subjects, s.repeat_subjects as RepeatSubjects, s.standing as Standing,
                (select count(*)
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.rule_version = @version
                        and e.shadow = {no}
                        and e.reversed = {yes}) as Reversed,
                (select count(*)
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.rule_version = @version
                        and e.shadow = {yes}) as ShadowRecords,
                (select count(*)
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.rule_version = @version
                        and e.shadow = {yes}
                        and e.reversed = {no}) as ShadowStanding
            from (
                select count(*) as subjects,
                    coalesce(sum(case when g.records >= 2 then 1 else 0 end), 0) as repeat_subjects,
                    coalesce(sum(g.records), 0) as standing
                from (
                    select count(*) as records
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.rule_version = @version
                        and e.shadow = {no}
                        and e.reversed = {no}
                    group by e.strike_subject_type, e.strike_subject_id
                ) g
            ) s
            """,
            new { ruleId, version }, ct);
        return rows.Single();
    }

    /// <summary>
    /// Records of the version whose education was completed, their strike subjects, and how many of those
    /// subjects have a later standing record of the rule (any version) within the strike window after a completion.
    /// </summary>
    public async Task<EducationCounts> EducationAsync(Guid ruleId, int version, int strikeWindowDays, CancellationToken ct)
    {
        var no = EffectivenessSql.Bool(Dialect, false);
        var rows = await QueryAsync<EducationCounts>(
            $"""
            select coalesce(sum(s.completions), 0) as Completed, count(*) as CompletedSubjects, coalesce(sum(s.reviolated), 0) as ReViolated
            from (
                select c.strike_subject_type, c.strike_subject_id, count(*) as completions, max(c.reviolated) as reviolated
                from (
                    select e.strike_subject_type, e.strike_subject_id,
                        case when exists (
                            select 1
                            from governance_enforcements l
                            where l.rule_id = e.rule_id
                                and l.strike_subject_type = e.strike_subject_type
                                and l.strike_subject_id = e.strike_subject_id
                                and l.shadow = {no}
                                and l.reversed = {no}
                                and {EffectivenessSql.WithinDaysAfter(Dialect, "l.occurred_at", "e.education_completed_at", "@days")}
                        ) then 1 else 0 end as reviolated
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.rule_version = @version
                        and e.education_completed_at is not null
                ) c
                group by c.strike_subject_type, c.strike_subject_id
            ) s
            """,
            new { ruleId, version, days = strikeWindowDays }, ct);
        return rows.Single();
    }

    /// <summary>The version's appeals per UTC month of their enforcement record: filed, decided, overturned.</summary>
    public async Task<IReadOnlyList<AppealCohort>> AppealCohortsAsync(Guid ruleId, int version, CancellationToken ct)
    {
        var rows = await QueryAsync<AppealCohort>(
            $"""
            select c.cohort as Cohort, count(*) as Appeals,
                sum(case when c.decided_at is not null then 1 else 0 end) as Decided,
                sum(case when c.status = 'overturned' then 1 else 0 end) as Overturned
            from (
                select {EffectivenessSql.UtcMonth(Dialect, "e.occurred_at")} as cohort, a.status, a.decided_at
                from governance_appeals a
                join governance_enforcements e on e.id = a.enforcement_id
                where a.rule_id = @ruleId
                    and a.rule_version = @version
            ) c
            group by c.cohort
            order by c.cohort
            """,
            new { ruleId, version }, ct);
        return [.. rows];
    }

    /// <summary>The version's appeals per UTC day filed: filed and (eventually) overturned.</summary>
    public async Task<IReadOnlyList<AppealDay>> AppealDaysAsync(Guid ruleId, int version, CancellationToken ct)
    {
        var rows = await QueryAsync<AppealDayRow>(
            $"""
            select d.day as Date, count(*) as Filed, sum(case when d.status = 'overturned' then 1 else 0 end) as Overturned
            from (
                select {EffectivenessSql.UtcDay(Dialect, "a.filed_at")} as day, a.status
                from governance_appeals a
                where a.rule_id = @ruleId
                    and a.rule_version = @version
            ) d
            group by d.day
            order by d.day
            """,
            new { ruleId, version }, ct);
        return [.. rows.Select(r => new AppealDay(r.Date, r.Filed, r.Overturned))];
    }

    /// <summary>The median hours from filing to decision of the version's <paramref name="decided"/> decided appeals: only the middle one or two are read.</summary>
    public async Task<double?> MedianDecisionHoursAsync(Guid ruleId, int version, long decided, CancellationToken ct)
    {
        if (decided == 0)
        {
            return null;
        }

        var middle = await QueryAsync<double>(
            $"""
            select {EffectivenessSql.HoursBetween(Dialect, "a.filed_at", "a.decided_at")} as hours
            from governance_appeals a
            where a.rule_id = @ruleId
                and a.rule_version = @version
                and a.decided_at is not null
            order by hours
            {Dialect.Page}
            """,
            new { ruleId, version, skip = (decided - 1) / 2, take = decided % 2 == 1 ? 1 : 2 }, ct);
        return EffectivenessMath.MedianOfSorted([.. middle]);
    }

    /// <summary>The latest audit of a kind for the version, or null.</summary>
    public async Task<AuditFigures?> LatestAuditAsync(Guid ruleId, int version, string kind, CancellationToken ct)
    {
        var rows = await QueryAsync<AuditFigures>(
            $"""
            select a.id as Id, a.sample_size as N, a.violating as Violating, a.population as Population, a.created_at as CreatedAt
            from governance_audits a
            where a.rule_id = @ruleId
                and a.rule_version = @version
                and a.kind = @kind
            order by a.created_at desc, a.id desc
            {Dialect.Page}
            """,
            new { ruleId, version, kind, skip = 0, take = 1 }, ct);
        return rows.FirstOrDefault();
    }

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, object parameters, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, session.Transaction, cancellationToken: ct));
    }

    private sealed class AppealDayRow
    {
        public string Date { get; init; } = "";

        public long Filed { get; init; }

        public long Overturned { get; init; }
    }
}

public sealed class SeriesDay
{
    public int AfterLaunch { get; init; }

    public string Date { get; init; } = "";

    public double Value { get; init; }

    public long Points { get; init; }
}

public sealed class RecordCounts
{
    public long Subjects { get; init; }

    public long RepeatSubjects { get; init; }

    public long Standing { get; init; }

    public long Reversed { get; init; }

    /// <summary>Non-shadow records: standing or reversed.</summary>
    public long Records => Standing + Reversed;

    public long ShadowRecords { get; init; }

    public long ShadowStanding { get; init; }
}

public sealed class EducationCounts
{
    public long Completed { get; init; }

    public long CompletedSubjects { get; init; }

    public long ReViolated { get; init; }
}

public sealed class AppealCohort
{
    public string Cohort { get; init; } = "";

    public long Appeals { get; init; }

    public long Decided { get; init; }

    public long Overturned { get; init; }
}

public sealed class AuditFigures
{
    public Guid Id { get; init; }

    public int N { get; init; }

    public int Violating { get; init; }

    public long? Population { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
