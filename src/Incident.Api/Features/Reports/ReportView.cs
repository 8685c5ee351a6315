using Incident.Api.Infrastructure.Auth;

namespace Incident.Api.Features.Reports;

/// <summary>A report as API.md "Reports" shows it.</summary>
public sealed record ReportView(
    Guid Id,
    Guid? IncidentId,
    string? IncidentKey,
    string Kind,
    string Status,
    string Title,
    string Markdown,
    IReadOnlyList<string> Audience,
    string? DigestDate,
    int Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? PublishedBy,
    DateTimeOffset? PublishedAt)
{
    public static ReportView From(Report r) => new(
        r.Id, r.IncidentId, r.IncidentKey, r.Kind, r.Status, r.Title, r.Markdown, [.. r.Audience], r.DigestDate, r.Version,
        r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.ApprovedBy, r.ApprovedAt, r.PublishedBy, r.PublishedAt);
}

/// <summary>A report in a list: everything but the (up to 200,000 character) body.</summary>
public sealed record ReportListItem(
    Guid Id,
    Guid? IncidentId,
    string? IncidentKey,
    string Kind,
    string Status,
    string Title,
    IReadOnlyList<string> Audience,
    string? DigestDate,
    int Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? PublishedBy,
    DateTimeOffset? PublishedAt)
{
    public static ReportListItem From(Report r) => new(
        r.Id, r.IncidentId, r.IncidentKey, r.Kind, r.Status, r.Title, [.. r.Audience], r.DigestDate, r.Version,
        r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.ApprovedBy, r.ApprovedAt, r.PublishedBy, r.PublishedAt);
}

/// <summary>
/// API.md "Visibility": operators, leaders and admins see every report; a partner sees a report only
/// once it is published, addressed to its department, and (when it belongs to an incident) of an
/// incident its department is involved in. Anything else is 404, never 403.
/// </summary>
public static class ReportVisibility
{
    /// <summary>Columns of alias <c>r</c> (reports) and <c>i</c> (incidents, left joined), without the body.</summary>
    public const string ListColumns =
        """
        r.id as Id, r.incident_id as IncidentId, i.incident_key as IncidentKey, r.kind as Kind, r.status as Status,
        r.title as Title, r.digest_date as DigestDate, r.version as Version, r.created_by as CreatedBy,
        r.created_at as CreatedAt, r.updated_at as UpdatedAt, r.approved_by as ApprovedBy, r.approved_at as ApprovedAt,
        r.published_by as PublishedBy, r.published_at as PublishedAt
        """;

    /// <summary>SQL condition on alias <c>r</c> (empty when the viewer sees every report); binds @viewerDepartment.</summary>
    public static string Filter(Viewer viewer) => viewer.SeesAllIncidents
        ? ""
        : """
          and r.status = 'published'
          and exists (select 1 from report_audiences ra where ra.report_id = r.id and ra.department = @viewerDepartment)
          and (r.incident_id is null
              or exists (select 1 from incident_departments vd where vd.incident_id = r.incident_id and vd.department = @viewerDepartment))
          """;

    /// <summary>The same rule in memory, for commands that loaded the report and its incident's departments.</summary>
    public static bool Sees(Viewer viewer, Report report, IReadOnlyCollection<string>? incidentDepartments) =>
        viewer.SeesAllIncidents
        || (report.Status == ReportStatuses.Published
            && report.Audience.Contains(viewer.Department)
            && (incidentDepartments is null || incidentDepartments.Contains(viewer.Department)));
}
