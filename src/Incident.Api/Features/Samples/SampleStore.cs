using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Samples;

/// <summary>A piece of content attached to an incident as evidence (API.md "Samples, clusters, assessment").</summary>
public sealed record SampleInput(string? ExternalId, string? Text, string? Url, string[]? Tags, Dictionary<string, double>? Metrics);

/// <summary>All writes to incident_samples and sample_cluster_runs.</summary>
public sealed class SampleStore(DbSession session)
{
    /// <summary>Adds the samples; a sample whose externalId is already on the incident is replaced (re-uploads are idempotent).</summary>
    public async Task UpsertAsync(Guid incidentId, IReadOnlyList<SampleInput> samples, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var rows = samples.Select(s => new
        {
            incidentId,
            externalId = s.ExternalId!.Trim(),
            text = s.Text!,
            url = string.IsNullOrWhiteSpace(s.Url) ? null : s.Url.Trim(),
            tags = JsonSerializer.Serialize(s.Tags ?? [], ApiJson.Options),
            metrics = JsonSerializer.Serialize(s.Metrics ?? [], ApiJson.Options),
            actor,
            now,
        }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from incident_samples
            where incident_id = @incidentId
                and external_id = @externalId
            """,
            rows, session.Transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into incident_samples (incident_id, external_id, text, url, tags, metrics, added_by, added_at)
            values (@incidentId, @externalId, @text, @url, @tags, @metrics, @actor, @now)
            """,
            rows, session.Transaction, cancellationToken: ct));
    }

    public async Task<int> CountAsync(Guid incidentId, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            select count(*)
            from incident_samples
            where incident_id = @incidentId
            """,
            new { incidentId }, session.Transaction, cancellationToken: ct));
    }

    public async Task InsertRunAsync(ClusterRunView run, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into sample_cluster_runs (id, incident_id, k, k_chosen_automatically, silhouette, sample_count, clusters, created_by, created_at)
            values (@Id, @IncidentId, @K, @KChosenAutomatically, @Silhouette, @SampleCount, @clusters, @CreatedBy, @CreatedAt)
            """,
            new
            {
                run.Id,
                run.IncidentId,
                run.K,
                run.KChosenAutomatically,
                run.Silhouette,
                run.SampleCount,
                // Representative texts are read when a run is shown (RepresentativeSamples), not stored with it.
                clusters = JsonSerializer.Serialize(run.Clusters.Select(c => c with { RepresentativeSamples = null }), ApiJson.Options),
                run.CreatedBy,
                run.CreatedAt,
            },
            session.Transaction,
            cancellationToken: ct));
    }
}
