using Dapper;
using Incident.Api.Features.Timeline;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Incidents;

/// <summary>All writes to incidents, incident_departments and incident_key_counters.</summary>
public sealed class IncidentStore(DbSession session, EventStore events)
{
    public async Task<string> NextKeyAsync(int year, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var next = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            session.Dialect.IncrementCounter("incident_key_counters", "year", "last_value", "@year"),
            new { year }, tx, cancellationToken: ct));
        return $"INC-{year}-{next:000000}";
    }

    public async Task InsertAsync(RiskIncident incident, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into incidents (id, incident_key, title, summary, business_line, category, severity, source, status,
                stage, owner_department, escalation_level, tags, opened_by, lead_username, version, opened_at, updated_at, closed_at)
            values (@Id, @Key, @Title, @Summary, @BusinessLine, @Category, @Severity, @Source, @Status,
                @Stage, @OwnerDepartment, @EscalationLevel, @tags, @OpenedBy, @Lead, @Version, @OpenedAt, @UpdatedAt, @ClosedAt)
            """,
            Parameters(incident),
            tx,
            cancellationToken: ct));
        await FlushAsync(incident, ct);
    }

    /// <summary>Loads an incident for a change, locking its row until commit, checked against what the viewer may see.</summary>
    public async Task<RiskIncident> LoadAsync(Guid id, Viewer viewer, CancellationToken ct) =>
        await FindAsync(id, viewer, ct) ?? throw new NotFoundException("incident", id);

    /// <summary>As <see cref="LoadAsync"/>, but null when the incident does not exist or the viewer may not see it.</summary>
    public async Task<RiskIncident?> FindAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var dialect = session.Dialect;
        var row = await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"""
            select {IncidentRow.Columns}
            from incidents i {dialect.LockHint}
            where i.id = @id
            {dialect.ForUpdate}
            """,
            new { id }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var departments = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select department
            from incident_departments
            where incident_id = @id
            """,
            new { id }, tx, cancellationToken: ct));
        var incident = RiskIncident.Load(row, departments);
        return viewer.SeesAllIncidents || incident.Departments.Contains(viewer.Department) ? incident : null;
    }

    /// <summary>409 stale-version when the client's expected version is not the loaded one.</summary>
    public void EnsureVersion(RiskIncident incident, int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != incident.Version)
        {
            throw Stale(incident);
        }
    }

    /// <summary>Writes the changed incident if nobody else did since it was read (optimistic concurrency).</summary>
    public async Task SaveAsync(RiskIncident incident, int? expectedVersion, CancellationToken ct)
    {
        if (expectedVersion is { } expected && expected != incident.Version)
        {
            throw Stale(incident);
        }

        if (incident.PendingEvents.Count == 0 && incident.NewDepartments.Count == 0)
        {
            return;
        }

        var (connection, tx) = await OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update incidents
            set title = @Title, summary = @Summary, business_line = @BusinessLine, category = @Category,
                severity = @Severity, status = @Status, stage = @Stage, escalation_level = @EscalationLevel,
                tags = @tags, lead_username = @Lead, version = @Version + 1, updated_at = @UpdatedAt, closed_at = @ClosedAt
            where id = @Id
                and version = @Version
            """,
            Parameters(incident),
            tx,
            cancellationToken: ct));
        if (updated != 1)
        {
            throw Stale(incident);
        }

        incident.Saved();
        await FlushAsync(incident, ct);
    }

    private async Task FlushAsync(RiskIncident incident, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        foreach (var (department, reason) in incident.NewDepartments)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into incident_departments (incident_id, department, reason, added_at)
                values (@id, @department, @reason, @addedAt)
                """,
                new { id = incident.Id, department, reason, addedAt = incident.UpdatedAt },
                tx,
                cancellationToken: ct));
        }

        await events.AppendAsync(incident, ct);
        incident.ClearPendingEvents();
    }

    private static ConflictException Stale(RiskIncident incident) => new(
        $"Incident {incident.Key} was changed by someone else; it is now at version {incident.Version}. Reload and retry.",
        "stale-version",
        IncidentView.From(incident),
        incident.Version);

    private static object Parameters(RiskIncident i) => new
    {
        i.Id,
        i.Key,
        i.Title,
        i.Summary,
        i.BusinessLine,
        i.Category,
        i.Severity,
        i.Source,
        i.Status,
        i.Stage,
        i.OwnerDepartment,
        i.EscalationLevel,
        tags = IncidentJson.WriteTags(i.Tags),
        i.OpenedBy,
        i.Lead,
        i.Version,
        i.OpenedAt,
        i.UpdatedAt,
        i.ClosedAt,
    };

    private async Task<(System.Data.Common.DbConnection, System.Data.Common.DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Incident writes run inside a command's transaction."));
    }
}
