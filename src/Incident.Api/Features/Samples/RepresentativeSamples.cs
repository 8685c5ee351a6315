using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Samples;

/// <summary>
/// A cluster representative with its text, so a client need not page through the samples to show it. Id is the
/// sample's id within its incident, i.e. its externalId (samples have no other id).
/// </summary>
public sealed record RepresentativeSample(string Id, string ExternalId, string Text, string? Url);

/// <summary>
/// Fills <see cref="ClusterView.RepresentativeSamples"/> of a run with one query by ids. Texts are read when the
/// run is shown, not stored with it: a re-uploaded sample shows its current text, and runs stay small.
/// </summary>
internal static class RepresentativeSamples
{
    public static async Task<IReadOnlyList<ClusterView>> AttachAsync(
        DbSession session, Guid incidentId, IReadOnlyList<ClusterView> clusters, CancellationToken ct)
    {
        var ids = clusters.SelectMany(c => c.Representatives).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return [.. clusters.Select(c => c with { RepresentativeSamples = [] })];
        }

        var connection = await session.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string ExternalId, string Text, string? Url)>(new CommandDefinition(
            $"""
            select external_id, text, url
            from incident_samples
            where incident_id = @incidentId
                and {session.Dialect.InList("external_id", "@ids")}
            """,
            new { incidentId, ids }, cancellationToken: ct));
        var byId = rows.ToDictionary(r => r.ExternalId, StringComparer.Ordinal);

        // A representative whose sample is gone (none can be deleted today) is left out rather than shown empty.
        return [.. clusters.Select(c => c with
        {
            RepresentativeSamples = [.. c.Representatives
                .Where(byId.ContainsKey)
                .Select(id => new RepresentativeSample(id, id, byId[id].Text, byId[id].Url))],
        })];
    }
}
