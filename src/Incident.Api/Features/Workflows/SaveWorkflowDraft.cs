using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Definitions;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// POST /api/workflows (new definition, or a new version of the one it names) and PUT
/// /api/workflows/{definitionId} (its id must match): a new draft version, or 422 with every problem.
/// </summary>
public sealed record SaveWorkflowDraft(string Document, DefinitionFormat Format, string? DefinitionId, Viewer Viewer) : ICommand<WorkflowDefinitionView>;

/// <summary>One problem of a definition that does not validate, naming its activity (WORKFLOWS.md).</summary>
public sealed record WorkflowProblem(string? ActivityId, string Path, string Message);

internal sealed class SaveWorkflowDraftHandler(IncidentWorkflows workflows, WorkflowDefinitionStore definitions)
    : IRequestHandler<SaveWorkflowDraft, WorkflowDefinitionView>
{
    public async Task<WorkflowDefinitionView> Handle(SaveWorkflowDraft request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins write workflow definitions.");
        }

        var parse = WorkflowDefinitionParser.Parse(request.Document, request.Format);
        if (!parse.IsValid)
        {
            throw Invalid(parse);
        }

        if (request.DefinitionId is { } id && parse.Definition!.Id != id)
        {
            throw ValidationFailedException.For("id", $"The document's id '{parse.Definition.Id}' is not the definition '{id}' being saved.");
        }

        var session = await workflows.SessionAsync(ct);
        var saved = await definitions.SaveDraftAsync(session, request.Document, request.Format, ct);
        if (saved.Version is not { } version)
        {
            throw Invalid(saved.Parse);
        }

        var stored = await definitions.GetVersionAsync(session, saved.Parse.Definition!.Id, version, ct);
        return WorkflowDefinitionView.From(stored!);
    }

    private static UnprocessableException Invalid(DefinitionParseResult parse) => new(
        $"The workflow definition does not validate: {parse.Problems.Count} problem(s).",
        "invalid-workflow",
        parse.Problems.Select(p => new WorkflowProblem(p.ActivityId, p.Path, p.Message)).ToList());
}
