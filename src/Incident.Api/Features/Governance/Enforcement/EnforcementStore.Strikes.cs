using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>What a batch needs to know of its counting subjects' strikes: counts for a span, single strikes outside it.</summary>
public sealed record StrikeHistory(
    IReadOnlyList<(StrikeSubject Subject, int Strikes)> Counted, IReadOnlyList<(StrikeSubject Subject, DateTimeOffset OccurredAt)> Listed);

/// <summary>The strike history reads of an import (one index probe per counting subject, never a scan of the rule).</summary>
public sealed partial class EnforcementStore
{
    /// <summary>
    /// The strikes (not reversed, not shadow) of these counting subjects under a rule in (from, to]: those in
    /// (countFrom, countTo] as one count a subject, the others one by one.
    /// </summary>
    public async Task<StrikeHistory> StrikeHistoryAsync(
        Guid ruleId, IReadOnlyCollection<StrikeSubject> subjects, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset countFrom, DateTimeOffset countTo, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var counted = new List<(StrikeSubject, int)>();
        var listed = new List<(StrikeSubject, DateTimeOffset)>();
        if (session.Dialect.Provider == DatabaseProvider.Postgres)
        {
            // The estimate for 10,000 probes passes jit_above_cost: compiling takes longer (~25 ms) than the probes.
            await connection.ExecuteAsync(new CommandDefinition("set local jit = off", transaction: tx, cancellationToken: ct));
        }

        var (condition, value, chunk) = Membership("e.strike_subject_id");
        foreach (var group in subjects.GroupBy(s => s.Type))
        {
            // In index order: consecutive probes reuse the index pages they just read.
            foreach (var ids in group.Select(s => s.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(chunk))
            {
                var parameters = new { ruleId, type = group.Key, ids = value(ids), no = false, from, to, countFrom, countTo };
                if (session.Dialect.Provider == DatabaseProvider.Postgres)
                {
                    // One pass over each subject's strikes in the window: the count and the rest together.
                    var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
                        """
                        select e.id as Id,
                            count(*) filter (where e.occurred_at > @countFrom and e.occurred_at <= @countTo) as Counted,
                            array_agg(e.occurred_at) filter (where e.occurred_at <= @countFrom or e.occurred_at > @countTo) as Listed
                        from unnest(@ids) as m(id)
                        cross join lateral (
                            select e.strike_subject_id as id, e.occurred_at
                            from governance_enforcements e
                            where e.rule_id = @ruleId
                                and e.strike_subject_type = @type
                                and e.strike_subject_id = m.id
                                and e.reversed = @no
                                and e.shadow = @no
                                and e.occurred_at > @from
                                and e.occurred_at <= @to
                            offset 0) e
                        group by e.id
                        """,
                        parameters, tx, cancellationToken: ct));
                    foreach (var row in rows)
                    {
                        var subject = new StrikeSubject(group.Key, row.Id);
                        counted.Add((subject, (int)row.Counted));
                        listed.AddRange((row.Listed ?? []).Select(t => (subject, new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)))));
                    }

                    continue;
                }

                var counts = await connection.QueryAsync<CountRow>(new CommandDefinition(
                    $"""
                    select e.strike_subject_id as Id, count(*) as Strikes
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.strike_subject_type = @type
                        and {condition}
                        and e.reversed = @no
                        and e.shadow = @no
                        and e.occurred_at > @countFrom
                        and e.occurred_at <= @countTo
                    group by e.strike_subject_id
                    """,
                    parameters, tx, cancellationToken: ct));
                counted.AddRange(counts.Select(c => (new StrikeSubject(group.Key, c.Id), (int)c.Strikes)));
                var strikes = await connection.QueryAsync<StrikeRow>(new CommandDefinition(
                    $"""
                    select e.strike_subject_id as Id, e.occurred_at as OccurredAt
                    from governance_enforcements e
                    where e.rule_id = @ruleId
                        and e.strike_subject_type = @type
                        and {condition}
                        and e.reversed = @no
                        and e.shadow = @no
                        and e.occurred_at > @from
                        and e.occurred_at <= @to
                        and (e.occurred_at <= @countFrom or e.occurred_at > @countTo)
                    """,
                    parameters, tx, cancellationToken: ct));
                listed.AddRange(strikes.Select(r => (new StrikeSubject(group.Key, r.Id), r.OccurredAt)));
            }
        }

        return new StrikeHistory(counted, listed);
    }

    private sealed class HistoryRow
    {
        public string Id { get; init; } = "";

        public long Counted { get; init; }

        public DateTime[]? Listed { get; init; }
    }

    private sealed class CountRow
    {
        public string Id { get; init; } = "";

        public long Strikes { get; init; }
    }

    private sealed class StrikeRow
    {
        public string Id { get; init; } = "";

        public DateTimeOffset OccurredAt { get; init; }
    }
}
