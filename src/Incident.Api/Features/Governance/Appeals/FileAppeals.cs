using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Governance.Appeals;

public sealed record FileAppealBody(string? EnforcementExternalId, string? Statement, string? FiledAt);

/// <summary>One appeal as submitted, named by its place (the body, or line 7 of a CSV).</summary>
public sealed record AppealSubmission(InputRow Row, FileAppealBody Body);

/// <summary>
/// POST /api/governance/appeals (one JSON appeal, or text/csv with up to 10,000): each against a standing record,
/// due after its rule version's appealSlaHours, addressed to the reviewing department. All or nothing.
/// </summary>
public sealed record FileAppeals(IReadOnlyList<AppealSubmission> Appeals, Viewer Viewer) : ICommand<IReadOnlyList<AppealView>>;

internal sealed class FileAppealsValidator(TimeProvider clock) : IValidator<FileAppeals>
{
    public const int MaxAppeals = 10_000;

    public ValueTask ValidateAsync(FileAppeals request, ValidationErrors errors, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins file appeals.");
        }

        errors.Check(request.Appeals.Count is >= 1 and <= MaxAppeals, "appeals", $"Send 1 to {MaxAppeals:N0} appeals (got {request.Appeals.Count:N0}).");
        var now = clock.GetUtcNow();
        foreach (var (row, body) in request.Appeals.TakeWhile(_ => errors.Count < EnforcementChecks.MaxReportedProblems))
        {
            if (string.IsNullOrWhiteSpace(body.EnforcementExternalId) || body.EnforcementExternalId.Trim().Length > 200)
            {
                row.Add(errors, "enforcementExternalId", "enforcementExternalId", "is required: the externalId of the record appealed (at most 200 characters).");
            }

            if (string.IsNullOrWhiteSpace(body.Statement) || body.Statement.Trim().Length > 5000)
            {
                row.Add(errors, "statement", "statement", "is required: the subject's statement, 1 to 5,000 characters.");
            }

            var filedAt = EnforcementInput.ParseTime(body.FiledAt);
            if (!string.IsNullOrWhiteSpace(body.FiledAt) && (filedAt is null || filedAt > now + EnforcementInput.FutureTolerance))
            {
                row.Add(errors, "filedAt", "filedAt", filedAt is null ? "is not an ISO-8601 date and time." : "is in the future.");
            }
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class FileAppealsHandler(
    EnforcementStore records, AppealStore appeals, RuleStore rules, RuleTimeline timeline, IOptions<AppealOptions> options, TimeProvider clock)
    : IRequestHandler<FileAppeals, IReadOnlyList<AppealView>>
{
    public async Task<IReadOnlyList<AppealView>> Handle(FileAppeals request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var locked = await records.LockManyAsync([.. request.Appeals.Select(a => a.Body.EnforcementExternalId!.Trim())], ct);
        var pending = await appeals.PendingAsync([.. locked.Values.Select(r => r.Id)], ct);
        var loaded = new Dictionary<Guid, GovernanceRule>();
        var filed = new List<GovernanceAppeal>();
        var errors = new ValidationErrors();
        foreach (var (row, body) in request.Appeals)
        {
            var externalId = body.EnforcementExternalId!.Trim();
            if (!locked.TryGetValue(externalId, out var record))
            {
                if (!row.Csv)
                {
                    throw new NotFoundException("enforcement record", externalId);
                }

                row.Add(errors, "enforcementExternalId", "enforcementExternalId", $"no enforcement record has externalId '{externalId}'.");
                continue;
            }

            var filedAt = EnforcementInput.ParseTime(body.FiledAt) ?? now;
            if (filedAt < record.OccurredAt)
            {
                row.Add(errors, "filedAt", "filedAt", $"{filedAt:O} is before the penalty it appeals ({record.OccurredAt:O}).");
                continue;
            }

            var rule = loaded.TryGetValue(record.RuleId, out var known) ? known : loaded[record.RuleId] = await rules.LoadAsync(record.RuleId, ct);
            var sla = rule.Versions.Single(v => v.Version == record.RuleVersion).Content.AppealSlaHours;
            var appeal = Named(row, () => GovernanceAppeal.File(
                record, !pending.Add(record.Id), body.Statement!.Trim(), filedAt, sla, options.Value.ReviewingDepartment, request.Viewer.Username, now));
            filed.Add(appeal);
        }

        errors.ThrowIfAny();
        await appeals.InsertAsync(filed, ct);
        foreach (var group in filed.GroupBy(a => a.RuleId))
        {
            var data = RuleTimeline.Data(loaded[group.Key]);
            data["appeals"] = group.Count();
            data["appealIds"] = group.Select(a => a.Id).Take(100).ToList();
            data["status"] = AppealStatuses.Pending;
            if (group.Count() == 1)
            {
                var record = locked.Values.Single(r => r.Id == group.First().EnforcementId);
                data["appealId"] = group.First().Id;
                data["subject"] = new SubjectView(record.SubjectType, record.SubjectId);
            }

            await timeline.RecordAsync(loaded[group.Key].IncidentIds, GovernanceEvents.AppealFiled, request.Viewer.Username, data, ct);
        }

        var byId = locked.Values.ToDictionary(r => r.Id);
        return [.. filed.Select(a => View(a, byId[a.EnforcementId], loaded[a.RuleId], now))];
    }

    private static AppealView View(GovernanceAppeal a, StoredEnforcement record, GovernanceRule rule, DateTimeOffset now) => new(
        a.Id, a.EnforcementId, record.ExternalId, a.RuleId, rule.Key, rule.Versions.Single(v => v.Version == a.RuleVersion).Content.Name,
        a.RuleVersion, new SubjectView(record.SubjectType, record.SubjectId, record.GuildId), record.Action, a.Statement, a.Status, a.FiledAt,
        a.FiledBy, a.DueAt, a.DueAt < now, a.ReviewingDepartment, null, null, null, null);

    /// <summary>A CSV line's conflict names the line; a JSON body has one appeal, so its conflict needs no place.</summary>
    private static GovernanceAppeal Named(InputRow row, Func<GovernanceAppeal> file)
    {
        try
        {
            return file();
        }
        catch (ConflictException e) when (row.Csv)
        {
            throw new ConflictException($"{row.Name}: {e.Message}", e.Type);
        }
    }
}
