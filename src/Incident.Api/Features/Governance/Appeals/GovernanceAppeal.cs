using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Governance.Appeals;

public static class AppealStatuses
{
    public const string Pending = "pending";
    public const string Upheld = "upheld";
    public const string Overturned = "overturned";

    public static readonly IReadOnlyList<string> All = [Pending, Upheld, Overturned];

    public static readonly IReadOnlyList<string> Outcomes = [Upheld, Overturned];
}

/// <summary>A subject's appeal against one enforcement record, decided once by the reviewing department or a leader.</summary>
public sealed class GovernanceAppeal
{
    public Guid Id { get; init; }

    public Guid EnforcementId { get; init; }

    public Guid RuleId { get; init; }

    public int RuleVersion { get; init; }

    public string Statement { get; init; } = "";

    public string Status { get; private set; } = AppealStatuses.Pending;

    public DateTimeOffset FiledAt { get; init; }

    /// <summary>When the appealed penalty was taken (the record's time, kept for the appeal cohorts).</summary>
    public DateTimeOffset EnforcementOccurredAt { get; init; }

    public string FiledBy { get; init; } = "";

    public DateTimeOffset DueAt { get; init; }

    public string ReviewingDepartment { get; init; } = "";

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? Reason { get; private set; }

    public int Version { get; private set; } = 1;

    public bool Overturned => Status == AppealStatuses.Overturned;

    /// <summary>
    /// An appeal against a record that still stands: not reversed, not a shadow (would-be) penalty, without another
    /// pending appeal. Its decision is due <paramref name="slaHours"/> after filing (the rule version's appealSlaHours).
    /// </summary>
    public static GovernanceAppeal File(
        StoredEnforcement record, bool pendingExists, string statement, DateTimeOffset filedAt, int slaHours, string department, string actor, DateTimeOffset now)
    {
        if (record.Reversed)
        {
            throw new ConflictException($"Record '{record.ExternalId}' was already reversed: there is no penalty left to appeal.", "record-reversed");
        }

        if (record.Shadow)
        {
            throw new ConflictException($"Record '{record.ExternalId}' is a shadow (would-be) penalty: nothing was applied, so nothing can be appealed.", "record-shadow");
        }

        if (pendingExists)
        {
            throw new ConflictException($"Record '{record.ExternalId}' already has a pending appeal: wait for its decision.", "appeal-exists");
        }

        return new GovernanceAppeal
        {
            Id = Guid.CreateVersion7(now),
            EnforcementId = record.Id,
            RuleId = record.RuleId,
            RuleVersion = record.RuleVersion,
            Statement = statement,
            FiledAt = filedAt,
            EnforcementOccurredAt = record.OccurredAt,
            FiledBy = actor,
            DueAt = filedAt.AddHours(slaHours),
            ReviewingDepartment = department,
        };
    }

    public static GovernanceAppeal Load(AppealRecord row) => new()
    {
        Id = row.Id,
        EnforcementId = row.EnforcementId,
        RuleId = row.RuleId,
        RuleVersion = row.RuleVersion,
        Statement = row.Statement,
        Status = row.Status,
        FiledAt = row.FiledAt,
        EnforcementOccurredAt = row.EnforcementOccurredAt,
        FiledBy = row.FiledBy,
        DueAt = row.DueAt,
        ReviewingDepartment = row.ReviewingDepartment,
        DecidedAt = row.DecidedAt,
        DecidedBy = row.DecidedBy,
        Reason = row.Reason,
        Version = row.Version,
    };

    /// <summary>docs/governance.md "Who may do what": members of the reviewing department (any role) and leaders decide.</summary>
    public static bool MayDecide(Viewer viewer, string reviewingDepartment) =>
        viewer.Is(Roles.Leader) || (viewer.Department.Length > 0 && viewer.Department == reviewingDepartment);

    /// <summary>Decides a pending appeal; a second decision is 409 appeal-decided and changes nothing.</summary>
    public void Decide(string outcome, string reason, Viewer viewer, DateTimeOffset now)
    {
        if (!MayDecide(viewer, ReviewingDepartment))
        {
            throw new ForbiddenException($"Only {ReviewingDepartment} and leaders decide appeals.");
        }

        if (Status != AppealStatuses.Pending)
        {
            throw new ConflictException(
                $"Appeal {Id} was already decided ({Status} by {DecidedBy} at {DecidedAt:O}).", "appeal-decided", currentVersion: Version);
        }

        Status = outcome;
        Reason = reason;
        DecidedBy = viewer.Username;
        DecidedAt = now;
        Version++;
    }
}

/// <summary>governance_appeals as Dapper reads it.</summary>
public sealed class AppealRecord
{
    public Guid Id { get; init; }

    public Guid EnforcementId { get; init; }

    public Guid RuleId { get; init; }

    public int RuleVersion { get; init; }

    public string Statement { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset FiledAt { get; init; }

    public DateTimeOffset EnforcementOccurredAt { get; init; }

    public string FiledBy { get; init; } = "";

    public DateTimeOffset DueAt { get; init; }

    public string ReviewingDepartment { get; init; } = "";

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? Reason { get; init; }

    public int Version { get; init; }
}
