using System.Data.Common;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Reports;

/// <summary>All writes to reports and report_audiences, and the locked loads that precede them.</summary>
public sealed class ReportStore(DbSession session)
{
    private const string Columns =
        """
        r.id as Id, r.incident_id as IncidentId, r.kind as Kind, r.status as Status, r.title as Title,
        r.markdown as Markdown, r.digest_date as DigestDate, r.version as Version, r.created_by as CreatedBy,
        r.created_at as CreatedAt, r.updated_at as UpdatedAt, r.approved_by as ApprovedBy, r.approved_at as ApprovedAt,
        r.published_by as PublishedBy, r.published_at as PublishedAt
        """;

    private const string InsertColumns =
        "id, incident_id, kind, status, title, markdown, digest_date, version, created_by, created_at, updated_at, " +
        "approved_by, approved_at, published_by, published_at";

    private const string InsertValues =
        "@Id, @IncidentId, @Kind, @Status, @Title, @Markdown, @DigestDate, @Version, @CreatedBy, @CreatedAt, @UpdatedAt, " +
        "@ApprovedBy, @ApprovedAt, @PublishedBy, @PublishedAt";

    /// <summary>The report's incident (null for a digest), read unlocked so the caller can lock the incident first (incident, then report).</summary>
    public async Task<Guid?> IncidentOfAsync(Guid reportId, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var rows = (await connection.QueryAsync<Guid?>(new CommandDefinition(
            """
            select incident_id
            from reports
            where id = @reportId
            """,
            new { reportId }, tx, cancellationToken: ct))).ToList();
        return rows.Count == 1 ? rows[0] : throw new NotFoundException("report", reportId);
    }

    /// <summary>Loads a report for a change, locking its row until commit; visibility is the caller's (it knows the incident).</summary>
    public async Task<Report> LoadAsync(Guid id, string? incidentKey, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var dialect = session.Dialect;
        var report = await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(
            $"""
            select {Columns}
            from reports r {dialect.LockHint}
            where r.id = @id
            {dialect.ForUpdate}
            """,
            new { id }, tx, cancellationToken: ct)) ?? throw new NotFoundException("report", id);
        var audience = await connection.QueryAsync<string>(new CommandDefinition(
            """
            select department
            from report_audiences
            where report_id = @id
            order by department
            """,
            new { id }, tx, cancellationToken: ct));
        report.LoadAudience(audience);
        report.IncidentKey = incidentKey;
        return report;
    }

    public async Task InsertAsync(Report report, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            insert into reports ({InsertColumns})
            values ({InsertValues})
            """,
            report, tx, cancellationToken: ct));
        await InsertAudienceAsync(report, connection, tx, ct);
        report.NewAudience.Clear();
    }

    /// <summary>Inserts a daily digest unless one for its day exists (the unique key on kind and digest_date); false when it did.</summary>
    public async Task<bool> TryInsertDigestAsync(Report digest, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            session.Dialect.InsertIgnore("reports", InsertColumns, InsertValues, "kind, digest_date"),
            digest, tx, cancellationToken: ct));
        if (inserted == 0)
        {
            return false;
        }

        await InsertAudienceAsync(digest, connection, tx, ct);
        return true;
    }

    /// <summary>409 stale-version when the client's expected version is not the loaded one.</summary>
    public void EnsureVersion(Report report, int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != report.Version)
        {
            throw Stale(report);
        }
    }

    /// <summary>Writes the changed report if nobody else did since it was read (optimistic concurrency).</summary>
    public async Task SaveAsync(Report report, int? expectedVersion, CancellationToken ct)
    {
        EnsureVersion(report, expectedVersion);
        var (connection, tx) = await OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update reports
            set status = @Status, title = @Title, markdown = @Markdown, version = @Version + 1, updated_at = @UpdatedAt,
                approved_by = @ApprovedBy, approved_at = @ApprovedAt, published_by = @PublishedBy, published_at = @PublishedAt
            where id = @Id
                and version = @Version
            """,
            report, tx, cancellationToken: ct));
        if (updated != 1)
        {
            throw Stale(report);
        }

        await InsertAudienceAsync(report, connection, tx, ct);
        report.Saved();
    }

    private static async Task InsertAudienceAsync(Report report, DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var department in report.NewAudience)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into report_audiences (report_id, department)
                values (@reportId, @department)
                """,
                new { reportId = report.Id, department }, tx, cancellationToken: ct));
        }
    }

    private static ConflictException Stale(Report report) => new(
        $"Report '{report.Title}' was changed by someone else; it is now at version {report.Version}. Reload and retry.",
        "stale-version",
        ReportView.From(report),
        report.Version);

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Report writes run inside a command's transaction."));
    }
}
