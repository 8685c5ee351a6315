using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Reports;

public static class ReportKinds
{
    public const string Flash = "flash";
    public const string Assessment = "assessment";
    public const string Special = "special";
    public const string DailyDigest = "daily-digest";

    /// <summary>What an operator drafts from an incident (API.md "Reports"); digests are produced on schedule.</summary>
    public static readonly IReadOnlyList<string> Drafted = [Flash, Assessment, Special];

    public static readonly IReadOnlyList<string> All = [Flash, Assessment, Special, DailyDigest];
}

public static class ReportStatuses
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Published = "published";

    public static readonly IReadOnlyList<string> All = [Draft, Approved, Published];
}

/// <summary>
/// A report: drafted from an incident, edited while a draft, approved by a leader, published to an
/// audience of departments. Each step records its event on the incident's timeline (ADR-0010).
/// </summary>
public sealed class Report
{
    private readonly List<string> audience = [];

    public Guid Id { get; init; }

    public Guid? IncidentId { get; init; }

    public string? IncidentKey { get; internal set; }

    public string Kind { get; init; } = "";

    public string Status { get; private set; } = ReportStatuses.Draft;

    public string Title { get; private set; } = "";

    public string Markdown { get; private set; } = "";

    /// <summary>The local day a daily digest covers (yyyy-MM-dd); null for every other kind.</summary>
    public string? DigestDate { get; init; }

    public int Version { get; private set; } = 1;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public string? PublishedBy { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public IReadOnlyList<string> Audience => audience;

    /// <summary>Audience departments added since load; the store inserts them.</summary>
    public List<string> NewAudience { get; } = [];

    public static Report Draft(RiskIncident incident, string kind, string title, string markdown, string actor, DateTimeOffset now)
    {
        var report = new Report
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incident.Id,
            IncidentKey = incident.Key,
            Kind = kind,
            Title = title,
            Markdown = markdown,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
        };
        incident.Record("report.drafted", actor, now, report.EventData());
        return report;
    }

    /// <summary>A daily digest is born published to every department: nobody edits or approves a machine summary.</summary>
    public static Report Digest(string digestDate, string title, string markdown, IEnumerable<string> audience, string actor, DateTimeOffset now)
    {
        var report = new Report
        {
            Id = Guid.CreateVersion7(now),
            Kind = ReportKinds.DailyDigest,
            Title = title,
            Markdown = markdown,
            DigestDate = digestDate,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
            Status = ReportStatuses.Published,
            PublishedBy = actor,
            PublishedAt = now,
        };
        report.AddAudience(audience);
        return report;
    }

    public void LoadAudience(IEnumerable<string> departments) => audience.AddRange(departments);

    public void Edit(string? title, string markdown, DateTimeOffset now)
    {
        EnsureStatus(ReportStatuses.Draft, "report-not-draft", $"Report '{Title}' is {Status}: only a draft can be edited.");
        Title = title?.Trim() ?? Title;
        Markdown = markdown;
        UpdatedAt = now;
    }

    public void Approve(RiskIncident? incident, string actor, DateTimeOffset now)
    {
        EnsureStatus(ReportStatuses.Draft, "report-not-draft", $"Report '{Title}' is {Status}: only a draft can be approved.");
        Status = ReportStatuses.Approved;
        ApprovedBy = actor;
        ApprovedAt = now;
        UpdatedAt = now;
        incident?.Record("report.approved", actor, now, EventData());
    }

    /// <summary>API.md "Involved departments": every audience department becomes involved in the incident.</summary>
    public void Publish(RiskIncident? incident, IReadOnlyCollection<string> to, string actor, DateTimeOffset now)
    {
        EnsureStatus(
            ReportStatuses.Approved,
            Status == ReportStatuses.Draft ? "report-not-approved" : "report-already-published",
            Status == ReportStatuses.Draft
                ? $"Report '{Title}' is still a draft: approve first (a leader approves), then publish."
                : $"Report '{Title}' is already published.");
        Status = ReportStatuses.Published;
        PublishedBy = actor;
        PublishedAt = now;
        UpdatedAt = now;
        AddAudience(to);
        foreach (var department in audience)
        {
            incident?.Involve(department, InvolvementReasons.Report, now);
        }

        var data = new Dictionary<string, object?>(EventData()) { ["audience"] = audience.ToArray() };
        incident?.Record("report.published", actor, now, data);
    }

    /// <summary>The store wrote this state as the next version.</summary>
    public void Saved()
    {
        Version++;
        NewAudience.Clear();
    }

    private void AddAudience(IEnumerable<string> departments)
    {
        foreach (var department in departments.Distinct(StringComparer.Ordinal))
        {
            if (!audience.Contains(department))
            {
                audience.Add(department);
                NewAudience.Add(department);
            }
        }

        audience.Sort(StringComparer.Ordinal);
    }

    private Dictionary<string, object?> EventData() => new()
    {
        ["reportId"] = Id,
        ["kind"] = Kind,
        ["title"] = Title,
    };

    private void EnsureStatus(string expected, string type, string message)
    {
        if (Status != expected)
        {
            throw new ConflictException(message, type, ReportView.From(this), Version);
        }
    }
}
