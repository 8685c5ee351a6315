using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Handoffs;

/// <summary>GET /api/handoffs: incoming = addressed to my department (all, for leaders/admins); outgoing = requested by it.</summary>
public sealed record HandoffList(string? Status, string? Direction, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<HandoffView>>
{
    /// <summary>Issue 10 "my department's accepted work": status=accepted, incidentStatus=open.</summary>
    public string? IncidentStatus { get; init; }
}

internal sealed class HandoffListValidator : IValidator<HandoffList>
{
    public ValueTask ValidateAsync(HandoffList request, ValidationErrors errors, CancellationToken ct)
    {
        errors.OneOf(request.Status, "status", HandoffStatuses.All, required: false);
        errors.OneOf(request.Direction, "direction", ["incoming", "outgoing"], required: false);
        errors.OneOf(request.IncidentStatus, "incidentStatus", IncidentStatuses.All, required: false);
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class HandoffListHandler(DbSession session) : IRequestHandler<HandoffList, Paged<HandoffView>>
{
    public async Task<Paged<HandoffView>> Handle(HandoffList request, CancellationToken ct)
    {
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var outgoing = request.Direction == "outgoing";
        var where = outgoing ? "where h.from_department = @department" : "where h.to_department = @department";
        if (!outgoing && request.Viewer.IsLeaderOrAdmin)
        {
            where = "where 1 = 1";
        }

        if (request.Status is not null)
        {
            where += "\n    and h.status = @status";
        }

        if (request.IncidentStatus is not null)
        {
            where += "\n    and exists (select 1 from incidents s where s.id = h.incident_id and s.status = @incidentStatus)";
        }

        var parameters = new
        {
            department = request.Viewer.Department,
            status = request.Status,
            incidentStatus = request.IncidentStatus,
            skip = (page - 1) * pageSize,
            take = pageSize,
        };
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"""
            select count(*)
            from handoffs h
            {where}
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<Handoff>(new CommandDefinition(
            $"""
            select {HandoffStore.Columns}
            from handoffs h
            join incidents i on i.id = h.incident_id
            {where}
            order by h.requested_at desc, h.id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        return new Paged<HandoffView>([.. rows.Select(HandoffView.From)], total, page, pageSize);
    }
}
