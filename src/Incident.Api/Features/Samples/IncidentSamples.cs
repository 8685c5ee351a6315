using System.Text.Json;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Samples;

public sealed record IncidentSamples(Guid IncidentId, int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<SampleView>>;

public sealed record SampleView(
    string ExternalId, string Text, string? Url, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, double> Metrics,
    string AddedBy, DateTimeOffset AddedAt);

internal sealed class SampleRow
{
    public string ExternalId { get; init; } = "";

    public string Text { get; init; } = "";

    public string? Url { get; init; }

    public string Tags { get; init; } = "[]";

    public string Metrics { get; init; } = "{}";

    public string AddedBy { get; init; } = "";

    public DateTimeOffset AddedAt { get; init; }
}

internal sealed class IncidentSamplesValidator : IValidator<IncidentSamples>
{
    public ValueTask ValidateAsync(IncidentSamples request, ValidationErrors errors, CancellationToken ct)
    {
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class IncidentSamplesHandler(DbSession session, IncidentVisibility visibility)
    : IRequestHandler<IncidentSamples, Paged<SampleView>>
{
    public async Task<Paged<SampleView>> Handle(IncidentSamples request, CancellationToken ct)
    {
        await visibility.EnsureVisibleAsync(request.IncidentId, request.Viewer, ct);
        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var connection = await session.ConnectionAsync(ct);
        var parameters = new { incidentId = request.IncidentId, skip = (page - 1) * pageSize, take = pageSize };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            select count(*)
            from incident_samples
            where incident_id = @incidentId
            """,
            parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<SampleRow>(new CommandDefinition(
            $"""
            select external_id as ExternalId, text as Text, url as Url, tags as Tags, metrics as Metrics,
                added_by as AddedBy, added_at as AddedAt
            from incident_samples
            where incident_id = @incidentId
            order by added_at, external_id
            {session.Dialect.Page}
            """,
            parameters, cancellationToken: ct));
        return new Paged<SampleView>(
            [.. rows.Select(r => new SampleView(
                r.ExternalId, r.Text, r.Url,
                JsonSerializer.Deserialize<string[]>(r.Tags, ApiJson.Options) ?? [],
                JsonSerializer.Deserialize<Dictionary<string, double>>(r.Metrics, ApiJson.Options) ?? [],
                r.AddedBy, r.AddedAt))],
            total, page, pageSize);
    }
}
