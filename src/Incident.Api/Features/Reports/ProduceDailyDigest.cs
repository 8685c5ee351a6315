using System.Globalization;
using Dapper;
using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Reports;

/// <summary>
/// The daily digest of the local day (Incident:Reports:DigestTimeZone) at the injected clock's now:
/// incidents opened and closed in the 24 hours up to now, and every incident still open. One per
/// day: a second call (or another node) finds the day's digest and returns it (Created = false).
/// </summary>
public sealed record ProduceDailyDigest : ICommand<DigestProduced>;

public sealed record DigestProduced(bool Created, ReportView Report);

internal sealed class ProduceDailyDigestHandler(
    DbSession session, ReportStore reports, ReportTemplates templates, ReferenceData reference, IOptions<ReportsOptions> options, TimeProvider clock)
    : IRequestHandler<ProduceDailyDigest, DigestProduced>
{
    /// <summary>Who the digest names as its author, and the identity it is read back with (sees everything).</summary>
    public static readonly Viewer Producer = new("daily-digest", "Daily digest", [Roles.Admin], "");

    public async Task<DigestProduced> Handle(ProduceDailyDigest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zone = options.Value.Zone();
        var date = TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (await ExistingAsync(date, ct) is { } existing)
        {
            return new DigestProduced(false, existing);
        }

        var from = now.AddHours(-24);
        var connection = await session.ConnectionAsync(ct);
        var incidents = (await connection.QueryAsync<DigestIncident>(new CommandDefinition(
            """
            select i.incident_key as IncidentKey, i.title as Title, i.severity as Severity, i.category as Category,
                i.stage as Stage, i.status as Status, i.opened_at as OpenedAt, i.closed_at as ClosedAt
            from incidents i
            where (i.opened_at > @from and i.opened_at <= @to)
                or (i.closed_at > @from and i.closed_at <= @to)
                or i.status = 'open'
            order by i.opened_at, i.incident_key
            """,
            new { from, to = now }, session.Transaction, cancellationToken: ct))).ToList();

        var digest = new DigestMarkdown(incidents, from, now, zone);
        var markdown = ReportTemplates.Fill(await templates.LoadAsync(ReportKinds.DailyDigest, ct), digest.Values(date));
        var title = ReportTemplates.TitleOf(markdown) is { Length: > 0 } heading ? heading : $"Daily digest {date}";
        var audience = options.Value.DigestAudience is { Length: > 0 } configured
            ? configured.Where(reference.DepartmentCodes.Contains)
            : reference.DepartmentCodes;
        var report = Report.Digest(date, title, markdown, audience, Producer.Username, now);
        if (!await reports.TryInsertDigestAsync(report, ct))
        {
            // Another node produced it between our look and our insert: the unique key kept it to one.
            return new DigestProduced(false, (await ExistingAsync(date, ct))!);
        }

        return new DigestProduced(true, await ReportDetailsHandler.ReadAsync(session, report.Id, Producer, ct));
    }

    private async Task<ReportView?> ExistingAsync(string date, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            select r.id
            from reports r
            where r.kind = @kind
                and r.digest_date = @date
            """,
            new { kind = ReportKinds.DailyDigest, date }, session.Transaction, cancellationToken: ct));
        return id is { } found ? await ReportDetailsHandler.ReadAsync(session, found, Producer, ct) : null;
    }
}

internal sealed class DigestIncident
{
    public string IncidentKey { get; init; } = "";

    public string Title { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Category { get; init; } = "";

    public string Stage { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }
}
