using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Rules;

/// <summary>The checks of a rule body that need the database: linked incidents, series and member rules exist (and are visible).</summary>
public sealed class RuleReferences(DbSession session)
{
    public async Task CheckAsync(RuleBody body, Viewer viewer, Guid? self, ValidationErrors errors, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var incidents = body.IncidentIds ?? [];
        for (var i = 0; i < incidents.Count; i++)
        {
            var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"""
                select count(*)
                from incidents i
                where i.id = @id
                {IncidentVisibility.Filter(viewer)}
                """,
                new { id = incidents[i], viewerDepartment = viewer.Department }, session.Transaction, cancellationToken: ct));
            errors.Check(found == 1, $"incidentIds[{i}]", $"No incident with id '{incidents[i]}'.");
        }

        foreach (var (field, seriesId) in new[] { ("signalSeriesId", body.SignalSeriesId), ("controlSeriesId", body.ControlSeriesId) })
        {
            if (seriesId is { } id)
            {
                var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    """
                    select count(*)
                    from signal_series
                    where id = @id
                    """,
                    new { id }, session.Transaction, cancellationToken: ct));
                errors.Check(found == 1, field, $"No signal series with id '{id}'.");
            }
        }

        var members = body.MemberRuleIds ?? [];
        for (var i = 0; i < members.Count; i++)
        {
            var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                select count(*)
                from governance_rules
                where id = @id
                """,
                new { id = members[i] }, session.Transaction, cancellationToken: ct));
            errors.Check(found == 1 && members[i] != self, $"memberRuleIds[{i}]", $"No other governance rule with id '{members[i]}'.");
        }
    }
}
