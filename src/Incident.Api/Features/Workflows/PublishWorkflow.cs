using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Definitions;
using MediatR;

namespace Incident.Api.Features.Workflows;

public sealed record PublishWorkflowBody(int? Version);

/// <summary>
/// POST /api/workflows/{definitionId}/publish: the given (default: latest) version becomes the one
/// new matching incidents start; running instances stay on theirs. Publishing twice is a no-op.
/// </summary>
public sealed record PublishWorkflow(string DefinitionId, int? Version, Viewer Viewer) : ICommand<WorkflowDefinitionView>;

internal sealed class PublishWorkflowHandler(IncidentWorkflows workflows, WorkflowDefinitionStore definitions)
    : IRequestHandler<PublishWorkflow, WorkflowDefinitionView>
{
    public async Task<WorkflowDefinitionView> Handle(PublishWorkflow request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins publish workflow definitions.");
        }

        var session = await workflows.SessionAsync(ct);
        var version = request.Version
            ?? (await definitions.GetLatestAsync(session, request.DefinitionId, ct))?.Version
            ?? throw new NotFoundException("workflow definition", request.DefinitionId);
        if (await definitions.PublishAsync(session, request.DefinitionId, version, ct) == PublishResult.NotFound)
        {
            throw new NotFoundException("workflow definition", $"{request.DefinitionId} v{version}");
        }

        return WorkflowDefinitionView.From((await definitions.GetVersionAsync(session, request.DefinitionId, version, ct))!);
    }
}
