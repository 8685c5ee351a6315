using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Handoffs;

public static class HandoffStatuses
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Pending, Accepted, Declined, Expired];
}

/// <summary>Work asked of a partner department; answered once (accept, decline) or expired by its SLA.</summary>
public sealed class Handoff
{
    public Guid Id { get; init; }

    public Guid IncidentId { get; init; }

    public string IncidentKey { get; init; } = "";

    public string FromDepartment { get; init; } = "";

    public string ToDepartment { get; init; } = "";

    public string Note { get; init; } = "";

    public string Status { get; private set; } = HandoffStatuses.Pending;

    public string RequestedBy { get; init; } = "";

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset? RespondedAt { get; private set; }

    public string? RespondedBy { get; private set; }

    public string? ResponseNote { get; private set; }

    public int Version { get; private set; } = 1;

    /// <summary>The workflow instance whose RequestHandoff activity asked for it; null for a manual handoff.</summary>
    public Guid? WorkflowInstanceId { get; init; }

    public static Handoff Request(
        RiskIncident incident, string toDepartment, string note, TimeSpan? acceptWithin, Viewer by, DateTimeOffset now)
    {
        var handoff = new Handoff
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incident.Id,
            IncidentKey = incident.Key,
            FromDepartment = by.Department,
            ToDepartment = toDepartment,
            Note = note,
            RequestedBy = by.Username,
            RequestedAt = now,
            DueAt = acceptWithin is { } within ? now + within : null,
        };
        incident.Involve(toDepartment, InvolvementReasons.Handoff, now);
        incident.Record("handoff.requested", by.Username, now, handoff.EventData());
        return handoff;
    }

    /// <summary>A workflow's RequestHandoff activity: from the owner department, its SLA timer is the workflow's.</summary>
    public static Handoff RequestByWorkflow(
        RiskIncident incident, Guid workflowInstanceId, string toDepartment, string note, DateTimeOffset dueAt, string actor, DateTimeOffset now)
    {
        var handoff = new Handoff
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incident.Id,
            IncidentKey = incident.Key,
            FromDepartment = incident.OwnerDepartment,
            ToDepartment = toDepartment,
            Note = note,
            RequestedBy = actor,
            RequestedAt = now,
            DueAt = dueAt,
            WorkflowInstanceId = workflowInstanceId,
        };
        incident.Involve(toDepartment, InvolvementReasons.Handoff, now);
        incident.Record("handoff.requested", actor, now, handoff.EventData());
        return handoff;
    }

    public void Accept(RiskIncident incident, Viewer by, string? note, DateTimeOffset now)
    {
        Answer(by, HandoffStatuses.Accepted, note, now);
        incident.Record("handoff.accepted", by.Username, now, EventData());
    }

    public void Decline(RiskIncident incident, Viewer by, string reason, DateTimeOffset now)
    {
        Answer(by, HandoffStatuses.Declined, reason, now);
        incident.Record("handoff.declined", by.Username, now, EventData());
    }

    /// <summary>The accept SLA passed without an answer.</summary>
    public void Expire(RiskIncident incident, string actor, DateTimeOffset now)
    {
        EnsurePending();
        Status = HandoffStatuses.Expired;
        RespondedAt = now;
        RespondedBy = actor;
        incident.Record("handoff.expired", actor, now, EventData());
        incident.Record("sla.breached", actor, now, new Dictionary<string, object?>
        {
            ["kind"] = "handoff-accept",
            ["handoffId"] = Id,
            ["toDepartment"] = ToDepartment,
            ["dueAt"] = DueAt,
        });
    }

    /// <summary>
    /// The workflow no longer waits for an answer (a WaitAny join or a Finish ended its branch). The
    /// contract's statuses stay closed: it ends as expired, without an SLA breach, and says why.
    /// </summary>
    public void Withdraw(RiskIncident incident, string actor, DateTimeOffset now)
    {
        if (Status != HandoffStatuses.Pending)
        {
            return;
        }

        Status = HandoffStatuses.Expired;
        RespondedAt = now;
        RespondedBy = actor;
        ResponseNote = "Withdrawn: the workflow no longer waits for this handoff.";
        incident.Record("handoff.withdrawn", actor, now, EventData());
    }

    public bool IsPending => Status == HandoffStatuses.Pending;

    public bool MayBeAnsweredBy(Viewer viewer) => viewer.IsLeaderOrAdmin || viewer.Department == ToDepartment;

    public void Saved() => Version++;

    private void Answer(Viewer by, string status, string? note, DateTimeOffset now)
    {
        if (!MayBeAnsweredBy(by))
        {
            throw new ForbiddenException(
                $"This handoff is addressed to {ToDepartment}; only that department, leaders or admins may answer it.");
        }

        EnsurePending();
        Status = status;
        RespondedAt = now;
        RespondedBy = by.Username;
        ResponseNote = note;
    }

    private void EnsurePending()
    {
        if (Status != HandoffStatuses.Pending)
        {
            throw new ConflictException(
                $"This handoff is no longer pending: it was {Status} by {RespondedBy} at {RespondedAt:O}.",
                "handoff-not-pending",
                HandoffView.From(this),
                Version);
        }
    }

    private Dictionary<string, object?> EventData() => new()
    {
        ["handoffId"] = Id,
        ["fromDepartment"] = FromDepartment,
        ["toDepartment"] = ToDepartment,
        ["note"] = Note,
        ["status"] = Status,
        ["dueAt"] = DueAt,
        ["respondedBy"] = RespondedBy,
        ["responseNote"] = ResponseNote,
    };
}

public sealed record HandoffView(
    Guid Id,
    Guid IncidentId,
    string IncidentKey,
    string FromDepartment,
    string ToDepartment,
    string Note,
    string Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? RespondedAt,
    string? RespondedBy,
    string? ResponseNote,
    Guid? WorkflowInstanceId)
{
    public static HandoffView From(Handoff h) => new(
        h.Id, h.IncidentId, h.IncidentKey, h.FromDepartment, h.ToDepartment, h.Note, h.Status, h.RequestedBy,
        h.RequestedAt, h.DueAt, h.RespondedAt, h.RespondedBy, h.ResponseNote, h.WorkflowInstanceId);
}
