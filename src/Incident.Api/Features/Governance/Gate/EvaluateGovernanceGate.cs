using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Governance.Gate;

/// <summary>
/// Issue 9, item 7: measures the incident's rules, keeps its verdict for the board, and signals its
/// workflow's governance gate: Iterate when a linked rule launched after the gate opened (measuring
/// restarts), Effective when every linked rule is live and meets its targets.
/// </summary>
public sealed record EvaluateGovernanceGate(Guid IncidentId) : ICommand<GateEvaluation>;

/// <param name="Verdict">The incident's governance verdict (none, not-yet, meets, regresses).</param>
/// <param name="Signalled">The outcome sent to the gate, or null when it keeps waiting (or there is none).</param>
public sealed record GateEvaluation(string Verdict, string? Signalled);

internal sealed class EvaluateGovernanceGateHandler(
    DbSession session, IncidentStore incidents, IncidentWorkflows workflows, WorkflowEngine engine, GateRules gateRules, TimeProvider clock)
    : IRequestHandler<EvaluateGovernanceGate, GateEvaluation>
{
    public const string Signal = "governance-effect";

    public async Task<GateEvaluation> Handle(EvaluateGovernanceGate request, CancellationToken ct)
    {
        if (await incidents.FindAsync(request.IncidentId, IncidentWorkflows.System, ct) is not { Status: IncidentStatuses.Open } incident)
        {
            return new GateEvaluation(GateRules.None, null);
        }

        var measured = await gateRules.MeasureAsync(incident.Id, ct);
        var verdict = GateRules.Verdict(measured);
        var now = clock.GetUtcNow();
        var previous = await SaveVerdictAsync(incident.Id, verdict, measured.Count, now, ct);

        var gate = await OpenGateAsync(incident.Id, ct);
        string? outcome = gate is null ? null
            : measured.Any(m => m.Rule.LiveVersion?.LaunchedAt > gate.CreatedAt) ? "Iterate"
            : verdict == GateRules.Meets ? "Effective"
            : null;
        // An incident without rules has nothing measured to tell its timeline (its gate simply keeps waiting).
        if (measured.Count > 0 && (verdict != previous || outcome is not null))
        {
            incident.Record(GovernanceEvents.EffectMeasured, IncidentWorkflows.SystemActor, now, new Dictionary<string, object?>
            {
                ["verdict"] = verdict,
                ["previousVerdict"] = previous,
                ["gateOutcome"] = outcome,
                ["rules"] = GateRules.Figures(measured),
            });
        }

        if (outcome is null)
        {
            await incidents.SaveAsync(incident, expectedVersion: null, ct);
            return new GateEvaluation(verdict, null);
        }

        var run = await workflows.ResumeAsync(incident, IncidentWorkflows.SystemActor, gate!.Id, new JsonObject { ["outcome"] = outcome }, ct);
        await workflows.SaveAsync(run, incident, newIncident: false, ct);
        return new GateEvaluation(verdict, run.Ran ? outcome : null);
    }

    private async Task<WorkflowBookmark?> OpenGateAsync(Guid incidentId, CancellationToken ct)
    {
        var workflowSession = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(workflowSession, incidentId.ToString(), ct);
        return instance is null ? null
            : (await engine.GetBookmarksAsync(workflowSession, instance.Id, ct)).FirstOrDefault(b => b.Name == Signal && b.DueAt is null);
    }

    /// <summary>Upserts the verdict (the incident row is locked, so no other writer races this one); returns the one before.</summary>
    private async Task<string?> SaveVerdictAsync(Guid incidentId, string verdict, int rules, DateTimeOffset now, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var previous = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            select verdict
            from incident_governance
            where incident_id = @incidentId
            """,
            new { incidentId }, session.Transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            previous is null
                ? """
                  insert into incident_governance (incident_id, verdict, rules, measured_at)
                  values (@incidentId, @verdict, @rules, @now)
                  """
                : """
                  update incident_governance
                  set verdict = @verdict, rules = @rules, measured_at = @now
                  where incident_id = @incidentId
                  """,
            new { incidentId, verdict, rules, now }, session.Transaction, cancellationToken: ct));
        return previous;
    }
}
