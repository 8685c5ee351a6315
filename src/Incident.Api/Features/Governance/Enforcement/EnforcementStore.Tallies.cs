using System.Data.Common;
using Dapper;
using Incident.Api.Features.Governance.Effectiveness;
using Incident.Api.Infrastructure.Database;
using Npgsql;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// The effectiveness tallies (0054, ADR-0016): per rule version and strike subject, its records by kind, its
/// completed educations and whether one was followed by a re-violation; per rule version, their sums and how many
/// subjects stand at one and at two or more records. Every write to governance_enforcements changes them in the
/// same transaction, so a rule's effectiveness reads a few rows instead of grouping its records.
/// </summary>
public sealed partial class EnforcementStore
{
    /// <summary>Adds a batch of new records to the tallies.</summary>
    private async Task TallyInsertedAsync(IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {
        // Sorted, so concurrent imports lock the subject rows they share in one order (no deadlock between them).
        var deltas = records
            .GroupBy(r => new SubjectKey(r.RuleId, r.RuleVersion, r.StrikeSubject.Type, r.StrikeSubject.Id))
            .Select(g => new SubjectDelta(g.Key, g.Count(r => !r.Shadow), g.Count(r => r.Shadow)))
            .OrderBy(d => d.Key.RuleId).ThenBy(d => d.Key.RuleVersion).ThenBy(d => d.Key.Type, StringComparer.Ordinal).ThenBy(d => d.Key.Id, StringComparer.Ordinal)
            .ToList();
        var (connection, tx) = await OpenAsync(ct);
        if (connection is NpgsqlConnection)
        {
            await UpsertTalliesOnServerAsync(connection, tx, deltas, ct);
        }
        else
        {
            await UpsertTalliesAsync(deltas, ct);
        }

        // New standing records can only add re-violations: recount the educated subjects of the batch not yet counted.
        foreach (var rule in records.Where(r => !r.Shadow).GroupBy(r => r.RuleId))
        {
            await RecountReviolationAsync(rule.Key, [.. rule.Select(r => r.StrikeSubject.Id).Distinct(StringComparer.Ordinal)], onlyUncounted: true, ct);
        }
    }

    /// <summary>
    /// PostgreSQL: the subject upserts and their versions' sums in one statement. The subject rows' standing after the
    /// upsert is joined back to the batch on the server, so the version deltas (standing and repeat subjects gained)
    /// never travel to the client: one round trip and no rows returned for a batch of 10,000 subjects.
    /// </summary>
    private static Task<int> UpsertTalliesOnServerAsync(DbConnection connection, DbTransaction tx, List<SubjectDelta> deltas, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            with b as (
                select *
                from unnest(@ruleIds, @versions, @types, @ids, @standing, @shadow) with ordinality
                    as b(rule_id, rule_version, type, id, standing, shadow, n)
            ),
            up as (
                insert into governance_subject_tallies as t (
                    rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
                select b.rule_id, b.rule_version, b.type, b.id, b.standing, 0, b.shadow, 0, 0, false
                from b
                order by b.n
                on conflict (rule_id, rule_version, strike_subject_type, strike_subject_id) do update
                set standing = t.standing + excluded.standing,
                    shadow = t.shadow + excluded.shadow
                returning t.rule_id, t.rule_version, t.strike_subject_type, t.strike_subject_id, t.standing
            ),
            moved as (
                select up.rule_id, up.rule_version, sum(b.standing) as standing, sum(b.shadow) as shadow,
                    sum((case when up.standing >= 1 then 1 else 0 end) - (case when up.standing - b.standing >= 1 then 1 else 0 end)) as subjects,
                    sum((case when up.standing >= 2 then 1 else 0 end) - (case when up.standing - b.standing >= 2 then 1 else 0 end)) as repeat_subjects
                from up
                join b on b.rule_id = up.rule_id and b.rule_version = up.rule_version
                    and b.type = up.strike_subject_type and b.id = up.strike_subject_id
                group by up.rule_id, up.rule_version
            )
            insert into governance_version_tallies as v (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
            select m.rule_id, m.rule_version, m.standing, 0, m.shadow, 0, m.subjects, m.repeat_subjects
            from moved m
            order by m.rule_id, m.rule_version
            on conflict (rule_id, rule_version) do update
            set standing = v.standing + excluded.standing,
                shadow = v.shadow + excluded.shadow,
                subjects = v.subjects + excluded.subjects,
                repeat_subjects = v.repeat_subjects + excluded.repeat_subjects
            """,
            new
            {
                ruleIds = deltas.Select(d => d.Key.RuleId).ToArray(),
                versions = deltas.Select(d => d.Key.RuleVersion).ToArray(),
                types = deltas.Select(d => d.Key.Type).ToArray(),
                ids = deltas.Select(d => d.Key.Id).ToArray(),
                standing = deltas.Select(d => d.Standing).ToArray(),
                shadow = deltas.Select(d => d.Shadow).ToArray(),
            },
            tx, cancellationToken: ct));

    /// <summary>SQLite and SQL Server: each subject upserted (its standing after returned), then each version's sums.</summary>
    private async Task UpsertTalliesAsync(List<SubjectDelta> deltas, CancellationToken ct)
    {
        var standingAfter = await UpsertSubjectTalliesAsync(deltas, ct);
        var versions = new SortedDictionary<(Guid, int), VersionDelta>();
        foreach (var d in deltas)
        {
            var after = standingAfter[d.Key];
            var change = VersionDelta.Transition(after - d.Standing, after) with { Standing = d.Standing, Shadow = d.Shadow };
            var key = (d.Key.RuleId, d.Key.RuleVersion);
            versions[key] = versions.TryGetValue(key, out var sum) ? sum + change : change;
        }

        foreach (var ((ruleId, version), change) in versions)
        {
            await AddToVersionAsync(ruleId, version, change, ct);
        }
    }

    /// <summary>A record reversed by an overturned appeal: one standing (or shadow) record fewer, re-violations recounted.</summary>
    private async Task TallyReversedAsync(TallyRecord record, CancellationToken ct)
    {
        await LockRuleAsync(record.RuleId, ct);
        var key = new SubjectKey(record.RuleId, record.RuleVersion, record.StrikeSubjectType, record.StrikeSubjectId);
        if (record.Shadow)
        {
            await AdjustSubjectAsync(key, "shadow_reversed = shadow_reversed + 1", ct);
            await AddToVersionAsync(record.RuleId, record.RuleVersion, new VersionDelta { ShadowReversed = 1 }, ct);
            return;
        }

        var after = await AdjustSubjectAsync(key, "standing = standing - 1, reversed = reversed + 1", ct);
        await AddToVersionAsync(
            record.RuleId, record.RuleVersion, VersionDelta.Transition(after + 1, after) with { Standing = -1, Reversed = 1 }, ct);
        await RecountReviolationAsync(record.RuleId, [record.StrikeSubjectId], onlyUncounted: false, ct);
    }

    /// <summary>A first education completion: one more completion for the subject, its re-violation recounted.</summary>
    private async Task TallyCompletedAsync(TallyRecord record, CancellationToken ct)
    {
        await LockRuleAsync(record.RuleId, ct);
        var key = new SubjectKey(record.RuleId, record.RuleVersion, record.StrikeSubjectType, record.StrikeSubjectId);
        await AdjustSubjectAsync(key, "completions = completions + 1", ct);
        await RecountReviolationAsync(record.RuleId, [record.StrikeSubjectId], onlyUncounted: false, ct);
    }

    /// <summary>
    /// Takes the rule's row lock, as an import does first (BatchRules): every tally writer of a rule goes one after the
    /// other, so a reversal's recount never waits on an import's subject rows while the import waits on its own.
    /// </summary>
    private async Task LockRuleAsync(Guid ruleId, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var dialect = session.Dialect;
        await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            $"select r.id from governance_rules r {dialect.LockHint} where r.id = @ruleId {dialect.ForUpdate}", new { ruleId }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Recomputes a rule's tallies from its records (the same sums 0054 started from). For data written around the
    /// store (the benchmark's COPY, test fixtures) and to check the kept tallies against their records.
    /// </summary>
    public async Task RebuildTalliesAsync(Guid ruleId, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var (yes, no) = (EffectivenessSql.Bool(session.Dialect, true), EffectivenessSql.Bool(session.Dialect, false));
        foreach (var sql in new[]
        {
            "delete from governance_version_tallies where rule_id = @ruleId",
            "delete from governance_subject_tallies where rule_id = @ruleId",
            $"""
            insert into governance_subject_tallies (
                rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
            select e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id,
                sum(case when e.shadow = {no} and e.reversed = {no} then 1 else 0 end),
                sum(case when e.shadow = {no} and e.reversed = {yes} then 1 else 0 end),
                sum(case when e.shadow = {yes} then 1 else 0 end),
                sum(case when e.shadow = {yes} and e.reversed = {yes} then 1 else 0 end),
                sum(case when e.education_completed_at is not null then 1 else 0 end),
                {no}
            from governance_enforcements e
            where e.rule_id = @ruleId
            group by e.rule_id, e.rule_version, e.strike_subject_type, e.strike_subject_id
            """,
            $"""
            update governance_subject_tallies
            set reviolated = {yes}
            where rule_id = @ruleId
                and completions > 0
                and {ReviolatedCondition}
            """,
            """
            insert into governance_version_tallies (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
            select t.rule_id, t.rule_version, sum(t.standing), sum(t.reversed), sum(t.shadow), sum(t.shadow_reversed),
                sum(case when t.standing >= 1 then 1 else 0 end), sum(case when t.standing >= 2 then 1 else 0 end)
            from governance_subject_tallies t
            where t.rule_id = @ruleId
            group by t.rule_id, t.rule_version
            """,
        })
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { ruleId }, tx, commandTimeout: 600, cancellationToken: ct));
        }
    }

    /// <summary>Adds each delta to its subject's row (creating it), and returns every subject's standing count after.</summary>
    private async Task<Dictionary<SubjectKey, int>> UpsertSubjectTalliesAsync(List<SubjectDelta> deltas, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var after = new Dictionary<SubjectKey, int>(deltas.Count);
        var upsert = session.Dialect.Provider == DatabaseProvider.SqlServer
            ? """
              merge governance_subject_tallies with (holdlock) as t
              using (select @RuleId as rule_id, @RuleVersion as rule_version, @Type as strike_subject_type, @Id as strike_subject_id) as s
              on t.rule_id = s.rule_id and t.rule_version = s.rule_version
                  and t.strike_subject_type = s.strike_subject_type and t.strike_subject_id = s.strike_subject_id
              when matched then update set standing = t.standing + @Standing, shadow = t.shadow + @Shadow
              when not matched then insert (
                  rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
                  values (@RuleId, @RuleVersion, @Type, @Id, @Standing, 0, @Shadow, 0, 0, 0)
              output inserted.standing;
              """
            : """
              insert into governance_subject_tallies (
                  rule_id, rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions, reviolated)
              values (@RuleId, @RuleVersion, @Type, @Id, @Standing, 0, @Shadow, 0, 0, 0)
              on conflict (rule_id, rule_version, strike_subject_type, strike_subject_id) do update
              set standing = standing + excluded.standing,
                  shadow = shadow + excluded.shadow
              returning standing
              """;
        foreach (var d in deltas)
        {
            after[d.Key] = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                upsert,
                new { d.Key.RuleId, d.Key.RuleVersion, d.Key.Type, d.Key.Id, d.Standing, d.Shadow },
                tx, cancellationToken: ct));
        }

        return after;
    }

    /// <summary>Applies <paramref name="assignments"/> to an existing subject row; returns its standing count after.</summary>
    private async Task<int> AdjustSubjectAsync(SubjectKey key, string assignments, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        const string Where =
            """
            where rule_id = @RuleId
                and rule_version = @RuleVersion
                and strike_subject_type = @Type
                and strike_subject_id = @Id
            """;
        var parameters = new { key.RuleId, key.RuleVersion, key.Type, key.Id };
        await connection.ExecuteAsync(new CommandDefinition($"update governance_subject_tallies\nset {assignments}\n{Where}", parameters, tx, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select standing from governance_subject_tallies\n{Where}", parameters, tx, cancellationToken: ct));
    }

    private async Task AddToVersionAsync(Guid ruleId, int version, VersionDelta d, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var sql = session.Dialect.Provider == DatabaseProvider.SqlServer
            ? """
              merge governance_version_tallies with (holdlock) as t
              using (select @ruleId as rule_id, @version as rule_version) as s
              on t.rule_id = s.rule_id and t.rule_version = s.rule_version
              when matched then update set standing = t.standing + @Standing, reversed = t.reversed + @Reversed, shadow = t.shadow + @Shadow,
                  shadow_reversed = t.shadow_reversed + @ShadowReversed, subjects = t.subjects + @Subjects,
                  repeat_subjects = t.repeat_subjects + @RepeatSubjects
              when not matched then insert (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
                  values (@ruleId, @version, @Standing, @Reversed, @Shadow, @ShadowReversed, @Subjects, @RepeatSubjects);
              """
            : """
              insert into governance_version_tallies (rule_id, rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects)
              values (@ruleId, @version, @Standing, @Reversed, @Shadow, @ShadowReversed, @Subjects, @RepeatSubjects)
              on conflict (rule_id, rule_version) do update
              set standing = governance_version_tallies.standing + excluded.standing,
                  reversed = governance_version_tallies.reversed + excluded.reversed,
                  shadow = governance_version_tallies.shadow + excluded.shadow,
                  shadow_reversed = governance_version_tallies.shadow_reversed + excluded.shadow_reversed,
                  subjects = governance_version_tallies.subjects + excluded.subjects,
                  repeat_subjects = governance_version_tallies.repeat_subjects + excluded.repeat_subjects
              """;
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { ruleId, version, d.Standing, d.Reversed, d.Shadow, d.ShadowReversed, d.Subjects, d.RepeatSubjects },
            tx, cancellationToken: ct));
    }

    /// <summary>
    /// Sets the re-violation flag of the educated subjects among <paramref name="subjectIds"/> (every version of the
    /// rule) from their records; <paramref name="onlyUncounted"/> skips those already flagged (new records cannot unflag).
    /// </summary>
    private async Task RecountReviolationAsync(Guid ruleId, string[] subjectIds, bool onlyUncounted, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var (yes, no) = (EffectivenessSql.Bool(session.Dialect, true), EffectivenessSql.Bool(session.Dialect, false));
        // Most rules have no education step: one probe of the (then empty) partial index spares the recount.
        var educated = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            $"select 1 from governance_subject_tallies where rule_id = @ruleId and completions > 0 order by rule_version {session.Dialect.Page}",
            new { ruleId, skip = 0, take = 1 }, tx, cancellationToken: ct));
        if (educated is null)
        {
            return;
        }

        var (condition, value, chunk) = Membership("strike_subject_id");
        foreach (var ids in subjectIds.Chunk(chunk))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                update governance_subject_tallies
                set reviolated = case when {ReviolatedCondition} then {yes} else {no} end
                where rule_id = @ruleId
                    and completions > 0
                    and {condition}
                    {(onlyUncounted ? $"and reviolated = {no}" : "")}
                """,
                new { ruleId, ids = value(ids) }, tx, cancellationToken: ct));
        }
    }

    /// <summary>
    /// A subject row (governance_subject_tallies, by name) has a completed education of its version followed, within that
    /// version's strike window, by a standing record of the rule (any version).
    /// </summary>
    private string ReviolatedCondition
    {
        get
        {
            var no = EffectivenessSql.Bool(session.Dialect, false);
            return $"""
                exists (
                    select 1
                    from governance_enforcements c
                    join governance_rule_versions v on v.rule_id = c.rule_id and v.version = c.rule_version
                    where c.rule_id = governance_subject_tallies.rule_id
                        and c.rule_version = governance_subject_tallies.rule_version
                        and c.strike_subject_type = governance_subject_tallies.strike_subject_type
                        and c.strike_subject_id = governance_subject_tallies.strike_subject_id
                        and c.education_completed_at is not null
                        and exists (
                            select 1
                            from governance_enforcements l
                            where l.rule_id = c.rule_id
                                and l.strike_subject_type = c.strike_subject_type
                                and l.strike_subject_id = c.strike_subject_id
                                and l.shadow = {no}
                                and l.reversed = {no}
                                and {EffectivenessSql.WithinDaysAfter(session.Dialect, "l.occurred_at", "c.education_completed_at", "v.strike_window_days")}))
                """;
        }
    }

    private sealed record SubjectKey(Guid RuleId, int RuleVersion, string Type, string Id);

    private sealed record SubjectDelta(SubjectKey Key, int Standing, int Shadow);

    /// <summary>What one write adds to a version's tallies.</summary>
    private sealed record VersionDelta
    {
        public long Standing { get; init; }

        public long Reversed { get; init; }

        public long Shadow { get; init; }

        public long ShadowReversed { get; init; }

        public long Subjects { get; init; }

        public long RepeatSubjects { get; init; }

        /// <summary>The change in standing subjects (one or more records) and repeat subjects (two or more) of one subject's move.</summary>
        public static VersionDelta Transition(int before, int after) => new()
        {
            Subjects = (after >= 1 ? 1 : 0) - (before >= 1 ? 1 : 0),
            RepeatSubjects = (after >= 2 ? 1 : 0) - (before >= 2 ? 1 : 0),
        };

        public static VersionDelta operator +(VersionDelta a, VersionDelta b) => new()
        {
            Standing = a.Standing + b.Standing,
            Reversed = a.Reversed + b.Reversed,
            Shadow = a.Shadow + b.Shadow,
            ShadowReversed = a.ShadowReversed + b.ShadowReversed,
            Subjects = a.Subjects + b.Subjects,
            RepeatSubjects = a.RepeatSubjects + b.RepeatSubjects,
        };
    }

    /// <summary>The columns of a changed record its tallies are keyed by.</summary>
    private sealed class TallyRecord
    {
        public const string Select =
            "rule_id as RuleId, rule_version as RuleVersion, strike_subject_type as StrikeSubjectType, strike_subject_id as StrikeSubjectId, shadow as Shadow";

        public Guid RuleId { get; init; }

        public int RuleVersion { get; init; }

        public string StrikeSubjectType { get; init; } = "";

        public string StrikeSubjectId { get; init; } = "";

        public bool Shadow { get; init; }
    }
}
