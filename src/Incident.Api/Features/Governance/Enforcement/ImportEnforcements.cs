using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// POST /api/governance/enforcements (JSON or CSV): a batch of the platform's enforcement decisions, each given its
/// strike and ladder step. All or nothing; a record re-sent with the same body is reported as a duplicate, unchanged.
/// </summary>
public sealed record ImportEnforcements(IReadOnlyList<EnforcementSubmission> Records, Viewer Viewer) : ICommand<ImportedEnforcements>
{
    /// <summary>The checked records, kept by the validator for the handler (10,000 records are checked once).</summary>
    private List<EnforcementInput>? checkedInputs;

    /// <summary>The records that pass the checks needing no database (the validator reports the others).</summary>
    public List<EnforcementInput> Check(DateTimeOffset now, ValidationErrors errors)
    {
        if (checkedInputs is not null)
        {
            return checkedInputs;
        }

        var inputs = new List<EnforcementInput>(Records.Count);
        var overflow = new ValidationErrors();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Records.Count; i++)
        {
            var (row, body) = (Records[i].Row, Records[i].Body);
            var sink = errors.Count < EnforcementChecks.MaxReportedProblems ? errors : overflow;
            if (EnforcementChecks.Check(body, i, row, sink, now) is not { } input)
            {
                continue;
            }

            if (!seen.TryAdd(input.ExternalId, row.Name))
            {
                row.Add(sink, "externalId", "externalId", $"'{input.ExternalId}' repeats {seen[input.ExternalId]}: each record once a batch.");
                continue;
            }

            inputs.Add(input);
        }

        errors.Check(!overflow.Any, "records", $"{overflow.Count} more record(s) have problems.");
        checkedInputs = errors.Any ? null : inputs;
        return inputs;
    }
}

public sealed record ImportedRecord(
    string ExternalId, Guid Id, Guid RuleId, string RuleKey, int RuleVersion, int Strike, string Action, int? DurationDays,
    bool Shadow, bool Grave, StrikeSubject StrikeSubject, bool Duplicate);

public sealed record ImportedEnforcements(int Accepted, int Duplicates, IReadOnlyList<ImportedRecord> Records);

internal sealed class ImportEnforcementsValidator(TimeProvider clock) : IValidator<ImportEnforcements>
{
    public ValueTask ValidateAsync(ImportEnforcements request, ValidationErrors errors, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins record enforcement.");
        }

        if (request.Records.Count is 0 or > EnforcementInput.MaxRecords)
        {
            errors.Add("records", request.Records.Count == 0
                ? "The batch is empty: send 1 to 10,000 records."
                : $"At most {EnforcementInput.MaxRecords:N0} records a call (got {request.Records.Count:N0}); split the batch.");
            return ValueTask.CompletedTask;
        }

        request.Check(clock.GetUtcNow(), errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ImportEnforcementsHandler(BatchRules batchRules, EnforcementStore store, RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<ImportEnforcements, ImportedEnforcements>
{
    public async Task<ImportedEnforcements> Handle(ImportEnforcements request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var inputs = request.Check(now, new ValidationErrors());
        var rules = await batchRules.LoadAsync(inputs, ct);
        var hashes = EnforcementInput.Hashes(inputs, request.Records.Count, i => rules[i.RuleRef].Id);
        var existing = await store.ExistingAsync([.. inputs.Select(i => i.ExternalId)], ct);
        var changed = inputs.Where(i => existing.TryGetValue(i.ExternalId, out var e) && e.BodyHash != hashes[i.Index]).Select(i => i.ExternalId).ToList();
        if (changed.Count > 0)
        {
            throw new ConflictException(
                $"These externalIds were imported before with another body: {string.Join(", ", changed.Take(20))}{(changed.Count > 20 ? $" and {changed.Count - 20} more" : "")}. " +
                "An externalId names one decision for good; send a new externalId for a new decision.",
                "duplicate-external-id",
                current: changed);
        }

        var fresh = inputs.Where(i => !existing.ContainsKey(i.ExternalId)).ToList();
        var versions = BatchRules.Versions(fresh, rules, request.Records.Count);
        var ledger = await StrikeLedger.LoadAsync(
            store, [.. fresh.Select(i => (rules[i.RuleRef].Id, versions[i.Index].Content, i))], ct);
        // Arrays by submission index, not dictionaries: 10,000 entries stay off the large object heap (and its gen-2 collections).
        var records = new EnforcementRecord?[request.Records.Count];
        foreach (var input in fresh.OrderBy(i => i.OccurredAt).ThenBy(i => i.Index))
        {
            var rule = rules[input.RuleRef];
            var version = versions[input.Index];
            var subject = StrikeSubject.For(version.Content, input.SubjectType, input.SubjectId, input.GuildId);
            var active = ledger.ActiveAt(rule.Id, subject, input.OccurredAt, version.Content.StrikeWindowDays);
            var strike = StrikeLedger.StrikeFor(version.Content, active, input.Grave);
            var record = EnforcementRecord.Decide(input, rule.Id, version, subject, strike, hashes[input.Index], request.Viewer.Username, now);
            if (!record.Shadow)
            {
                ledger.Remember(rule.Id, subject, record.OccurredAt);
            }

            records[input.Index] = record;
        }
        var stored = records.OfType<EnforcementRecord>().ToList();
        await store.InsertAsync(stored, ct);
        foreach (var group in stored.GroupBy(r => r.RuleId))
        {
            var rule = rules.Values.First(r => r.Id == group.Key);
            var data = RuleTimeline.Data(rule);
            data["accepted"] = group.Count();
            data["shadow"] = group.Count(r => r.Shadow);
            data["actions"] = group.GroupBy(r => r.Action).ToDictionary(a => a.Key, a => a.Count());
            await timeline.RecordAsync(rule.IncidentIds, GovernanceEvents.EnforcementImported, request.Viewer.Username, data, ct);
        }
        var outcomes = inputs.Select(i => records[i.Index] is { } r
            ? new ImportedRecord(r.ExternalId, r.Id, r.RuleId, rules[i.RuleRef].Key, r.RuleVersion, r.Strike, r.Action, r.DurationDays, r.Shadow, r.Grave, r.StrikeSubject, false)
            : Duplicate(existing[i.ExternalId], rules[i.RuleRef].Key)).ToList();
        return new ImportedEnforcements(stored.Count, outcomes.Count(o => o.Duplicate), outcomes);
    }

    private static ImportedRecord Duplicate(StoredEnforcement e, string ruleKey) => new(
        e.ExternalId, e.Id, e.RuleId, ruleKey, e.RuleVersion, e.Strike, e.Action, e.DurationDays, e.Shadow, e.Grave,
        new StrikeSubject(e.StrikeSubjectType, e.StrikeSubjectId), true);
}
