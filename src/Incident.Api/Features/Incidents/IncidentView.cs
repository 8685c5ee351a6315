namespace Incident.Api.Features.Incidents;

/// <summary>An incident as API.md shows it.</summary>
public sealed record IncidentView(
    Guid Id,
    string Key,
    string Title,
    string Summary,
    string BusinessLine,
    string Category,
    string Severity,
    string Source,
    string Status,
    string Stage,
    string OwnerDepartment,
    IReadOnlyCollection<string> Departments,
    int EscalationLevel,
    IReadOnlyList<string> Tags,
    string OpenedBy,
    string Lead,
    int Version,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    WorkflowSummary? Workflow)
{
    public static IncidentView From(RiskIncident i, WorkflowSummary? workflow = null) => new(
        i.Id, i.Key, i.Title, i.Summary, i.BusinessLine, i.Category, i.Severity, i.Source, i.Status, i.Stage,
        i.OwnerDepartment, [.. i.Departments], i.EscalationLevel, i.Tags, i.OpenedBy, i.Lead, i.Version, i.OpenedAt,
        i.UpdatedAt, i.ClosedAt, workflow);
}

/// <summary>The incident's workflow instance and what the caller may do next.</summary>
public sealed record WorkflowSummary(
    string DefinitionId,
    int DefinitionVersion,
    Guid InstanceId,
    string Status,
    IReadOnlyList<AvailableAction> AvailableActions);

public sealed record AvailableAction(
    string Action,
    string Label,
    string BookmarkId,
    IReadOnlyList<string> AllowedRoles,
    IReadOnlyList<string> AllowedDepartments,
    object? InputSchema,
    IReadOnlyList<string> Outcomes,
    DateTimeOffset? DueAt);
