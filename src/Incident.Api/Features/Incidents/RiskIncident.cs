using Incident.Api.Features.Timeline;

namespace Incident.Api.Features.Incidents;

/// <summary>
/// The incident aggregate. ADR-0001: named RiskIncident because "Incident" is the root
/// namespace (CS0118). Every state change goes through a method that records its timeline event.
/// </summary>
public sealed class RiskIncident
{
    private readonly List<PendingEvent> pending = [];
    private readonly SortedSet<string> departments = new(StringComparer.Ordinal);

    private RiskIncident()
    {
    }

    public Guid Id { get; private init; }

    public string Key { get; private init; } = "";

    public string Title { get; private set; } = "";

    public string Summary { get; private set; } = "";

    public string BusinessLine { get; private set; } = "";

    public string Category { get; private set; } = "";

    public string Severity { get; private set; } = "";

    public string Source { get; private init; } = "";

    public string Status { get; private set; } = IncidentStatuses.Open;

    public string Stage { get; private set; } = Stages.Discovery;

    public string OwnerDepartment { get; private init; } = "";

    public int EscalationLevel { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public string OpenedBy { get; private init; } = "";

    /// <summary>Who leads the response (a username); the opener until handed over.</summary>
    public string Lead { get; private set; } = "";

    public int Version { get; private set; }

    public DateTimeOffset OpenedAt { get; private init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyCollection<string> Departments => departments;

    /// <summary>Departments added since load, with the reason; the store inserts them.</summary>
    public List<(string Department, string Reason)> NewDepartments { get; } = [];

    public IReadOnlyList<PendingEvent> PendingEvents => pending;

    public static RiskIncident Open(
        Guid id, string key, OpenFields fields, string ownerDepartment, string actor, DateTimeOffset now)
    {
        var incident = new RiskIncident
        {
            Id = id,
            Key = key,
            Title = fields.Title.Trim(),
            Summary = fields.Summary,
            BusinessLine = fields.BusinessLine,
            Category = fields.Category,
            Severity = fields.Severity,
            Source = fields.Source,
            Tags = fields.Tags,
            OwnerDepartment = ownerDepartment,
            OpenedBy = actor,
            Lead = actor,
            Version = 1,
            OpenedAt = now,
            UpdatedAt = now,
        };
        incident.Involve(ownerDepartment, InvolvementReasons.Owner, now);
        incident.Record("incident.opened", actor, now, new Dictionary<string, object?>
        {
            ["title"] = incident.Title,
            ["businessLine"] = incident.BusinessLine,
            ["category"] = incident.Category,
            ["source"] = incident.Source,
        });
        return incident;
    }

    public static RiskIncident Load(IncidentRow row, IEnumerable<string> involved)
    {
        var incident = new RiskIncident
        {
            Id = row.Id,
            Key = row.IncidentKey,
            Title = row.Title,
            Summary = row.Summary,
            BusinessLine = row.BusinessLine,
            Category = row.Category,
            Severity = row.Severity,
            Source = row.Source,
            Status = row.Status,
            Stage = row.Stage,
            OwnerDepartment = row.OwnerDepartment,
            EscalationLevel = row.EscalationLevel,
            Tags = IncidentJson.ReadTags(row.Tags),
            OpenedBy = row.OpenedBy,
            Lead = string.IsNullOrEmpty(row.Lead) ? row.OpenedBy : row.Lead,
            Version = row.Version,
            OpenedAt = row.OpenedAt,
            UpdatedAt = row.UpdatedAt,
            ClosedAt = row.ClosedAt,
        };
        incident.departments.UnionWith(involved);
        return incident;
    }

    /// <summary>Applies the given changes; records one incident.updated event naming each changed field.</summary>
    public void Edit(EditFields changes, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        var changed = new Dictionary<string, object?>();
        Title = Change(changed, "title", Title, changes.Title?.Trim());
        Summary = Change(changed, "summary", Summary, changes.Summary);
        BusinessLine = Change(changed, "businessLine", BusinessLine, changes.BusinessLine);
        Category = Change(changed, "category", Category, changes.Category);
        Severity = Change(changed, "severity", Severity, changes.Severity);
        if (changes.Tags is not null && !changes.Tags.SequenceEqual(Tags))
        {
            changed["tags"] = new { from = Tags, to = changes.Tags };
            Tags = changes.Tags;
        }

        if (changed.Count > 0)
        {
            Touch(now);
            Record("incident.updated", actor, now, new Dictionary<string, object?> { ["changes"] = changed });
        }
    }

    /// <summary>An operator's deliberate severity choice against the model's suggestion, with the reason on the timeline.</summary>
    public void OverrideSeverity(string severity, string reason, string? suggested, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        var from = Severity;
        Severity = severity;
        Touch(now);
        Record("incident.severity-overridden", actor, now, new Dictionary<string, object?>
        {
            ["from"] = from,
            ["to"] = severity,
            ["suggested"] = suggested,
            ["reason"] = reason,
        });
    }

    /// <summary>Hands the lead to another user; the handler checked who may and that the user may see the incident.</summary>
    public void HandOverLead(string username, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        if (username == Lead)
        {
            return;
        }

        var from = Lead;
        Lead = username;
        Touch(now);
        Record("incident.lead-changed", actor, now, new Dictionary<string, object?> { ["from"] = from, ["to"] = username });
    }

    public void MoveToStage(string stage, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        if (stage == Stage)
        {
            return;
        }

        var from = Stage;
        Stage = stage;
        Touch(now);
        Record("incident.stage-changed", actor, now, new Dictionary<string, object?> { ["from"] = from, ["to"] = stage });
    }

    public void Escalate(int levels, string reason, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        var from = EscalationLevel;
        EscalationLevel = Math.Max(0, EscalationLevel + levels);
        Touch(now);
        Record("incident.escalated", actor, now, new Dictionary<string, object?>
        {
            ["from"] = from,
            ["to"] = EscalationLevel,
            ["reason"] = reason,
        });
    }

    public void Close(string? resolution, string actor, DateTimeOffset now)
    {
        EnsureOpen();
        Status = IncidentStatuses.Closed;
        Stage = Stages.Closure;
        ClosedAt = now;
        Touch(now);
        Record("incident.closed", actor, now, new Dictionary<string, object?> { ["resolution"] = resolution });
    }

    /// <summary>Makes a department involved (it can then see the incident); idempotent.</summary>
    public void Involve(string department, string reason, DateTimeOffset now)
    {
        if (departments.Add(department))
        {
            NewDepartments.Add((department, reason));
            Touch(now);
        }
    }

    /// <summary>Records an event raised by another aggregate about this incident (a handoff, a report).</summary>
    public void Record(string type, string actor, DateTimeOffset now, IReadOnlyDictionary<string, object?> data) =>
        pending.Add(new PendingEvent(type, actor, now, data));

    /// <summary>The store wrote this state as the next version.</summary>
    public void Saved() => Version++;

    public void ClearPendingEvents()
    {
        pending.Clear();
        NewDepartments.Clear();
    }

    private void EnsureOpen()
    {
        if (Status == IncidentStatuses.Closed)
        {
            throw new Infrastructure.Errors.ConflictException($"Incident {Key} is closed.", "incident-closed", currentVersion: Version);
        }
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;

    private static string Change(Dictionary<string, object?> changed, string field, string current, string? proposed)
    {
        if (proposed is null || proposed == current)
        {
            return current;
        }

        changed[field] = new { from = current, to = proposed };
        return proposed;
    }
}

public sealed record OpenFields(string Title, string Summary, string BusinessLine, string Category, string Severity, string Source, IReadOnlyList<string> Tags);

public sealed record EditFields(string? Title, string? Summary, string? BusinessLine, string? Category, string? Severity, IReadOnlyList<string>? Tags);
