using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Definitions;
using MediatR;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Workflows;

/// <summary>
/// POST /api/workflows (new definition, or a new version of the one it names) and PUT
/// /api/workflows/{definitionId} (its id must match): a new draft version, or 422 with every problem.
/// </summary>
public sealed record SaveWorkflowDraft(string Document, DefinitionFormat Format, string? DefinitionId, Viewer Viewer) : ICommand<WorkflowDefinitionView>;

/// <summary>One problem of a definition that does not validate, naming its activity (WORKFLOWS.md).</summary>
public sealed record WorkflowProblem(string? ActivityId, string Path, string Message);

internal sealed class SaveWorkflowDraftHandler(IncidentWorkflows workflows, WorkflowDefinitionStore definitions, IOptions<InputLimits> limits)
    : IRequestHandler<SaveWorkflowDraft, WorkflowDefinitionView>
{
    public async Task<WorkflowDefinitionView> Handle(SaveWorkflowDraft request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins write workflow definitions.");
        }

        var documentLimits = limits.Value.Definitions;
        var parse = WorkflowDefinitionParser.Parse(request.Document, request.Format, documentLimits);
        if (parse.Rejection is { } rejection)
        {
            throw Refused(rejection);
        }

        if (!parse.IsValid)
        {
            throw Invalid(parse);
        }

        if (request.DefinitionId is { } id && parse.Definition!.Id != id)
        {
            throw ValidationFailedException.For("id", $"The document's id '{parse.Definition.Id}' is not the definition '{id}' being saved.");
        }

        var session = await workflows.SessionAsync(ct);
        var saved = await definitions.SaveDraftAsync(session, request.Document, request.Format, documentLimits, ct);
        if (saved.Version is not { } version)
        {
            throw Invalid(saved.Parse);
        }

        var stored = await definitions.GetVersionAsync(session, saved.Parse.Definition!.Id, version, ct);
        return WorkflowDefinitionView.From(stored!);
    }

    /// <summary>
    /// Issue 11: a document over a limit is refused before it is read (413 for its size, 400 otherwise), and a
    /// member or key named twice is a 400 like a duplicate member of any JSON body; a document that reads but
    /// does not validate stays the 422 of WORKFLOWS.md.
    /// </summary>
    private static Exception Refused(DocumentRejection rejection)
    {
        var field = rejection.Path.StartsWith("$.", StringComparison.Ordinal) ? rejection.Path[2..] : rejection.Path;
        if (rejection.Kind == DocumentRejection.DuplicateKind)
        {
            return new ValidationFailedException(new Dictionary<string, string[]> { [field] = [rejection.Message] }, DocumentRejection.DuplicateKind);
        }

        var limit = InputLimits.OfDocumentLimit(rejection.Limit!);
        var status = rejection.Limit == nameof(DocumentLimits.MaxChars) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        return new InputLimitExceededException(limit, rejection.Max ?? 0, $"The workflow definition was refused: {rejection.Message}.", status);
    }

    private static UnprocessableException Invalid(DefinitionParseResult parse) => new(
        $"The workflow definition does not validate: {parse.Problems.Count} problem(s).",
        "invalid-workflow",
        parse.Problems.Select(p => new WorkflowProblem(p.ActivityId, p.Path, p.Message)).ToList());
}
