using System.Text;
using Dapper;
using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Incidents;

public sealed record ListIncidents(
    string? Stage, string? Severity, string? Category, string? BusinessLine, string? Status, string? Q,
    int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<IncidentView>>
{
    /// <summary>Issue 10: incidents with an open task assigned to this user ("me": the caller).</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Issue 10: incidents this user leads ("me": the caller).</summary>
    public string? Lead { get; init; }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

internal sealed class ListIncidentsValidator(ReferenceData reference) : IValidator<ListIncidents>
{
    public ValueTask ValidateAsync(ListIncidents request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Stage, "stage", Stages.All, required: false);
        errors.OneOf(request.Severity, "severity", Severities.All, required: false);
        errors.OneOf(request.Category, "category", reference.CategoryCodes, required: false);
        errors.OneOf(request.BusinessLine, "businessLine", reference.BusinessLineCodes, required: false);
        errors.OneOf(request.Status, "status", IncidentStatuses.All, required: false);
        Paging.Check(request.Page, request.PageSize, errors);
        errors.Text(request.Q, "q", 0, 200);
        errors.Text(request.AssignedTo, "assignedTo", 0, 200);
        errors.Text(request.Lead, "lead", 0, 200);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListIncidentsHandler(DbSession session) : IRequestHandler<ListIncidents, Paged<IncidentView>>
{
    public async Task<Paged<IncidentView>> Handle(ListIncidents request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var dialect = session.Dialect;
        var where = new StringBuilder("where 1 = 1");
        if (!request.Viewer.SeesAllIncidents)
        {
            where.Append("\n    and exists (select 1 from incident_departments d where d.incident_id = i.id and d.department = @department)");
        }

        if (request.Stage is not null) where.Append("\n    and i.stage = @stage");
        if (request.Severity is not null) where.Append("\n    and i.severity = @severity");
        if (request.Category is not null) where.Append("\n    and i.category = @category");
        if (request.BusinessLine is not null) where.Append("\n    and i.business_line = @businessLine");
        if (request.Status is not null) where.Append("\n    and i.status = @status");
        var assignedTo = People.IncidentPeople.Me(request.AssignedTo, request.Viewer);
        var lead = People.IncidentPeople.Me(request.Lead, request.Viewer);
        if (assignedTo is not null)
        {
            // Open tasks only: a task's bookmark is deleted when its action is taken.
            where.Append("\n    and exists (select 1 from task_assignees a join workflow_bookmarks b on b.id = a.task_id where a.incident_id = i.id and a.username = @assignedTo)");
        }

        if (lead is not null) where.Append("\n    and i.lead_username = @lead");
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            where.Append($"\n    and (i.title {dialect.ILike} @q escape '!' or i.summary {dialect.ILike} @q escape '!' or i.incident_key {dialect.ILike} @q escape '!')");
        }

        var parameters = new
        {
            department = request.Viewer.Department,
            stage = request.Stage,
            severity = request.Severity,
            category = request.Category,
            businessLine = request.BusinessLine,
            status = request.Status,
            assignedTo,
            lead,
            q = $"%{Paging.EscapeLike(request.Q?.Trim() ?? "")}%",
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from incidents i
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = (await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"""
            select {IncidentRow.Columns}
            from incidents i
            {where}
            order by i.opened_at desc, i.id
            {dialect.Page}
            """,
            parameters, cancellationToken: ct))).ToList();
        var involvement = await InvolvementAsync(rows.Select(r => r.Id).ToArray(), ct);
        var items = rows.Select(r => IncidentView.From(RiskIncident.Load(r, involvement[r.Id]))).ToList();
        return new Paged<IncidentView>(items, total, page, pageSize);
    }

    private async Task<ILookup<Guid, string>> InvolvementAsync(Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return Array.Empty<(Guid, string)>().ToLookup(x => x.Item1, x => x.Item2);
        }

        var connection = await session.ConnectionAsync(ct);
        var pairs = new List<(Guid IncidentId, string Department)>();
        // One round trip per page, in chunks so the parameter count stays far below every provider's limit.
        foreach (var chunk in ids.Chunk(200))
        {
            pairs.AddRange(await connection.QueryAsync<(Guid IncidentId, string Department)>(new CommandDefinition(
                $"""
                select incident_id, department
                from incident_departments
                where {session.Dialect.InList("incident_id", "@ids")}
                order by department
                """,
                new { ids = chunk }, cancellationToken: ct)));
        }

        return pairs.ToLookup(p => p.IncidentId, p => p.Department);
    }
}
