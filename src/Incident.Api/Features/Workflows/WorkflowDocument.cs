using System.Text.Json.Nodes;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using Incident.Workflows.Definitions;
using Incident.Workflows.Persistence;
using MediatR;

namespace Incident.Api.Features.Workflows;

/// <summary>GET /api/workflows/{definitionId} (latest) and /versions/{n}: everyone signed in may read definitions.</summary>
public sealed record WorkflowDocument(string DefinitionId, int? Version, Viewer Viewer) : IQuery<WorkflowDefinitionView>;

/// <summary>A stored version: the document as written, and its parsed shape (the web UI draws it).</summary>
public sealed record WorkflowDefinitionView(
    string Id,
    string DefinitionId,
    int Version,
    string Status,
    string Name,
    string? Description,
    string Format,
    WorkflowSelector? Selector,
    JsonObject? Variables,
    string? Start,
    IReadOnlyList<JsonObject> Activities,
    IReadOnlyList<ConnectionDefinition> Connections,
    string Document,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt)
{
    public static WorkflowDefinitionView From(StoredWorkflowDefinition stored)
    {
        var parsed = WorkflowDefinitionParser.Parse(stored.Document, stored.Format, DocumentLimits.Stored).Definition;
        return new WorkflowDefinitionView(
            stored.DefinitionId,
            stored.DefinitionId,
            stored.Version,
            stored.Status == DefinitionStatus.Published ? "published" : "draft",
            stored.Name,
            parsed?.Description,
            stored.Format == DefinitionFormat.Yaml ? "yaml" : "json",
            parsed?.Selector,
            parsed?.Variables,
            parsed?.Start,
            parsed is null ? [] : [.. parsed.Activities.Select(a => (JsonObject)a.Fields.DeepClone())],
            parsed?.Connections ?? [],
            stored.Document,
            stored.CreatedAt,
            stored.PublishedAt);
    }
}

internal sealed class WorkflowDocumentHandler(IncidentWorkflows workflows, WorkflowDefinitionStore definitions)
    : IRequestHandler<WorkflowDocument, WorkflowDefinitionView>
{
    public async Task<WorkflowDefinitionView> Handle(WorkflowDocument request, CancellationToken ct)
    {
        var session = await workflows.SessionAsync(ct);
        var stored = request.Version is { } version
            ? await definitions.GetVersionAsync(session, request.DefinitionId, version, ct)
            : await definitions.GetLatestAsync(session, request.DefinitionId, ct);
        return stored is null
            ? throw new NotFoundException("workflow definition", request.Version is null ? request.DefinitionId : $"{request.DefinitionId} v{request.Version}")
            : WorkflowDefinitionView.From(stored);
    }
}
