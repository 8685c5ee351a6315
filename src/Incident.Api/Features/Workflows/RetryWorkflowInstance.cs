using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Runtime;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// POST /api/workflow-instances/{instanceId}/retry (admin): re-executes the faulted activity, or, when
/// the fault came while resuming it, resumes it again with the answer given then. The answer is the
/// instance afterwards; if the retry faults again, its status says so and the new
/// fault is recorded (committed) beside the resolved one.
/// </summary>
public sealed record RetryWorkflowInstance(Guid InstanceId, Viewer Viewer) : ICommand<WorkflowInstanceView>;

internal sealed class RetryWorkflowInstanceHandler(IncidentStore incidents, IncidentWorkflows workflows, WorkflowEngine engine)
    : IRequestHandler<RetryWorkflowInstance, WorkflowInstanceView>
{
    public async Task<WorkflowInstanceView> Handle(RetryWorkflowInstance request, CancellationToken ct)
    {
        var session = await workflows.SessionAsync(ct);
        var instance = await engine.GetInstanceAsync(session, request.InstanceId, ct);
        if (instance is null || !Guid.TryParse(instance.CorrelationId, out var incidentId)
            || await incidents.FindAsync(incidentId, request.Viewer, ct) is not { } incident)
        {
            throw new NotFoundException("workflow instance", request.InstanceId);
        }

        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins retry faulted workflow instances.");
        }

        var run = await workflows.RetryAsync(incident, request.Viewer.Username, instance.Id, ct);
        if (!run.Ran)
        {
            throw new ConflictException(
                $"Workflow instance {instance.Id} is {WorkflowActions.Status(instance.Status)}, not faulted: nothing to retry.",
                "workflow-not-faulted",
                await WorkflowInstanceDetailsHandler.ViewAsync(engine, session, instance, ct));
        }

        await workflows.SaveAsync(run, incident, newIncident: false, ct);
        var after = await engine.GetInstanceAsync(session, instance.Id, ct);
        return await WorkflowInstanceDetailsHandler.ViewAsync(engine, session, after!, ct);
    }
}
