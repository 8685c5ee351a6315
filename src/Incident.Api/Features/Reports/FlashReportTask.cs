using System.Text.Json.Nodes;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Workflows;
using Incident.Workflows.Runtime;

namespace Incident.Api.Features.Reports;

/// <summary>
/// ADR-0010: publishing a flash report is what the workflow's publish-flash-report task asks for, so
/// it resumes that bookmark (the on-time one or the overdue one, whichever is open) in the publishing
/// transaction, as TakeAction would. The report's publish rules (operator, leader, admin) authorise
/// it, not the task's allowedRoles.
/// </summary>
public sealed class FlashReportTask(IncidentWorkflows workflows, WorkflowEngine engine)
{
    public const string Action = "publish-flash-report";

    /// <summary>The run that completed the task, or null when the incident's workflow has no such task open.</summary>
    public async Task<IncidentWorkflowRun?> CompleteAsync(RiskIncident incident, Report report, string actor, CancellationToken ct)
    {
        var session = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceByCorrelationAsync(session, incident.Id.ToString(), ct);
        if (instance is null)
        {
            return null;
        }

        var bookmark = (await engine.GetBookmarksAsync(session, instance.Id, ct))
            .Where(b => WorkflowActions.IsAction(b) && b.Name == Action)
            .OrderBy(b => b.CreatedAt)
            .FirstOrDefault();
        if (bookmark is null)
        {
            return null;
        }

        var input = new JsonObject { ["summary"] = report.Title, ["reportId"] = report.Id.ToString() };
        var run = await workflows.ResumeAsync(incident, actor, bookmark.Id, input, ct);
        return run.Ran ? run : null;
    }
}
