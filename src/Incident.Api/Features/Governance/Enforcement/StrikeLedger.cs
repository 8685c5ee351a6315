using Incident.Api.Features.Governance.Rules;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>Who a strike counts against: the record's subject, or its guild when the rule rolls creators and live rooms up.</summary>
public sealed record StrikeSubject(string Type, string Id)
{
    public static bool RollsUp(RuleContent content, string subjectType) =>
        content.RollUpToGuild && subjectType is SubjectTypes.Creator or SubjectTypes.LiveRoom;

    public static StrikeSubject For(RuleContent content, string subjectType, string subjectId, string? guildId) =>
        RollsUp(content, subjectType) ? new StrikeSubject(SubjectTypes.Guild, guildId!) : new StrikeSubject(subjectType, subjectId);

    /// <summary>
    /// The subject types a rule takes records for: its own, and with rollUpToGuild also guilds, creators and live rooms
    /// (a guild rule that rolls up counts its creators' and live rooms' records against the guild; a creator rule that
    /// rolls up counts them against the creator's guild, so a record on the guild itself belongs there too).
    /// </summary>
    public static IReadOnlyList<string> Accepted(RuleContent content) => content.RollUpToGuild
        ? [.. new[] { content.SubjectType, SubjectTypes.Guild, SubjectTypes.Creator, SubjectTypes.LiveRoom }.Distinct()]
        : [content.SubjectType];
}

/// <summary>
/// The active strikes of counting subjects under rules (docs/governance.md "Strikes"): the records that are neither
/// reversed nor shadow, within the strike window before a record (occurredAt − window, occurredAt]. Loaded once per
/// batch; each new record that strikes is remembered, so a batch of three records of one subject strikes 1, 2, 3.
/// </summary>
public sealed class StrikeLedger
{
    private readonly Dictionary<(Guid Rule, string Type, string Id), List<DateTimeOffset>> strikes = [];

    /// <summary>Strikes counted, not listed: they lie inside the window of every record of the batch.</summary>
    private readonly Dictionary<(Guid Rule, string Type, string Id), int> counted = [];

    /// <summary>
    /// The strikes of a batch's counting subjects, per rule. Those in (latest − shortest window, earliest] count for
    /// every record of the batch, so they come as one count a subject; only the ones nearer the window's edges, or
    /// among the batch's own times, come one by one (a subject with years of records costs a row, not hundreds).
    /// </summary>
    public static async Task<StrikeLedger> LoadAsync(
        EnforcementStore store, IReadOnlyList<(Guid RuleId, RuleContent Content, EnforcementInput Input)> records, CancellationToken ct)
    {
        var ledger = new StrikeLedger();
        foreach (var rule in records.GroupBy(r => r.RuleId))
        {
            var subjects = rule.Select(r => StrikeSubject.For(r.Content, r.Input.SubjectType, r.Input.SubjectId, r.Input.GuildId)).Distinct().ToList();
            var (earliest, latest) = (rule.Min(r => r.Input.OccurredAt), rule.Max(r => r.Input.OccurredAt));
            var (shortest, longest) = (TimeSpan.FromDays(rule.Min(r => r.Content.StrikeWindowDays)), TimeSpan.FromDays(rule.Max(r => r.Content.StrikeWindowDays)));
            // An empty count span (a batch spanning more than a window) lists every strike.
            var (countFrom, countTo) = latest - shortest < earliest ? (latest - shortest, earliest) : (earliest, earliest);
            var history = await store.StrikeHistoryAsync(rule.Key, subjects, earliest - longest, latest, countFrom, countTo, ct);
            foreach (var (subject, strikes) in history.Counted)
            {
                ledger.counted[(rule.Key, subject.Type, subject.Id)] = strikes;
            }

            foreach (var (subject, occurredAt) in history.Listed)
            {
                ledger.Remember(rule.Key, subject, occurredAt);
            }
        }

        return ledger;
    }

    public void Remember(Guid ruleId, StrikeSubject subject, DateTimeOffset occurredAt)
    {
        var key = (ruleId, subject.Type, subject.Id);
        if (!strikes.TryGetValue(key, out var times))
        {
            strikes[key] = times = [];
        }

        var at = times.BinarySearch(occurredAt);
        times.Insert(at < 0 ? ~at : at, occurredAt);
    }

    public int ActiveAt(Guid ruleId, StrikeSubject subject, DateTimeOffset at, int windowDays)
    {
        var key = (ruleId, subject.Type, subject.Id);
        var active = counted.GetValueOrDefault(key);
        if (strikes.TryGetValue(key, out var times))
        {
            var from = at - TimeSpan.FromDays(windowDays);
            active += times.Count(t => t > from && t <= at);
        }

        return active;
    }

    /// <summary>The strike a new record is: one more than the active ones, at least graveStartsAtStrike when grave.</summary>
    public static int StrikeFor(RuleContent content, int active, bool grave) =>
        grave && content.GraveStartsAtStrike is { } graveStart ? Math.Max(active + 1, graveStart) : active + 1;
}
