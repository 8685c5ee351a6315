using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.OpenApi;
using Incident.Workflows.Definitions;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Workflows;

/// <summary>A workflow definition document (WORKFLOWS.md): the same shape in JSON and YAML; each activity has an id, a type and that type's fields.</summary>
// The handler reads the raw text (YAML or JSON); this record only describes it in the API reference.
public sealed record WorkflowDefinitionBody(
    string Id,
    string Name,
    string Start,
    IReadOnlyList<JsonObject> Activities,
    IReadOnlyList<WorkflowConnectionBody> Connections,
    string? Description = null,
    WorkflowSelectorBody? Selector = null,
    JsonObject? Variables = null);

/// <summary>Which new incidents start this workflow (<c>*</c> matches anything); the highest-priority matching published definition wins.</summary>
public sealed record WorkflowSelectorBody(
    IReadOnlyList<string>? BusinessLines = null, IReadOnlyList<string>? Categories = null, IReadOnlyList<string>? Severities = null, int? Priority = null);

/// <summary>From an activity's outcome (<c>Done</c> when omitted) to the next activity.</summary>
public sealed record WorkflowConnectionBody(string Source, string Target, string? Outcome = null);

public static class WorkflowsEndpoints
{
    // Accepts metadata also routes: an unlisted content type is 415 before the handler runs, so list every YAML type it reads.
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    private const string Invalid = "The definition does not validate: `problems` lists each (unknown activity type, dangling connection, unreachable activity, bad expression, bad duration).";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/incidents/{id:guid}/actions", TakeActionOn).WithTags("Incidents").RequireAuthorization()
            .WithSummary("Take the next step of an incident's workflow")
            .WithDescription(
                "`action` is one of the incident's `workflow.availableActions`; `input` must match that action's `inputSchema` (else 400). " +
                "Whether the caller may take it follows the action's `allowedRoles` and `allowedDepartments` (else 403).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(
                StatusCodes.Status409Conflict,
                "`expectedVersion` is stale; or the action is no longer available (type ending `/bookmark-consumed`: someone or a timer got there " +
                "first, nothing ran twice); or the workflow faulted on it (`/workflow-faulted`, an admin can retry it); or the incident cannot close " +
                "while one of its governance rules still runs in shadow.");

        var definitions = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization();
        definitions.MapGet("/", List).WithSummary("Workflow definitions with their latest and published versions");
        definitions.MapGet("/{definitionId}", Latest)
            .WithSummary("The latest version of a workflow definition")
            .ProducesProblem(StatusCodes.Status404NotFound);
        definitions.MapGet("/{definitionId}/versions/{version:int}", Version)
            .WithSummary("One version of a workflow definition")
            .ProducesProblem(StatusCodes.Status404NotFound);
        definitions.MapPost("/", Create)
            .WithSummary("Save a workflow definition as a new draft version (admins)")
            .WithDescription(
                "JSON, or YAML with `Content-Type: application/yaml` (the same shape, WORKFLOWS.md). A document whose `id` names an " +
                "existing definition becomes its next draft version. Drafts run nothing until published.")
            .Accepts<WorkflowDefinitionBody>("application/json", YamlTypes)
            .ProducesProblemWhen(StatusCodes.Status422UnprocessableEntity, Invalid);
        definitions.MapPut("/{definitionId}", Update)
            .WithSummary("Save a new draft version of a workflow definition (admins)")
            .WithDescription("JSON or YAML as for `POST /api/workflows`; the document's `id` must be `definitionId` (else 400).")
            .Accepts<WorkflowDefinitionBody>("application/json", YamlTypes)
            .ProducesProblemWhen(StatusCodes.Status422UnprocessableEntity, Invalid);
        definitions.MapPost("/{definitionId}/publish", Publish)
            .WithSummary("Publish a version of a workflow definition (admins)")
            .WithDescription("The latest version unless `version` is given. New incidents its selector matches use it; running instances keep theirs.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var instances = app.MapGroup("/api/workflow-instances").WithTags("Workflows").RequireAuthorization();
        instances.MapGet("/{instanceId:guid}", Instance)
            .WithSummary("A workflow instance: status, current activities, bookmarks, journal and faults")
            .ProducesProblem(StatusCodes.Status404NotFound);
        instances.MapPost("/{instanceId:guid}/retry", Retry)
            .WithSummary("Retry the faulted activity of a workflow instance (admins)")
            .TakesNoBody()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblemWhen(StatusCodes.Status409Conflict, "The instance is not faulted: nothing to retry.");
    }

    private static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> TakeActionOn(
        Guid id, TakeActionBody body, HttpContext http, IMediator mediator)
    {
        var taken = await mediator.Send(new TakeAction(id, body, http.User.Viewer()), http.RequestAborted);
        if (taken.Fault is not { } fault)
        {
            return TypedResults.Ok(taken.Incident);
        }

        // ADR-0008: the fault is committed (an admin retries it); the caller learns the action did not go through.
        return TypedResults.Problem(
            detail: $"The workflow faulted at '{fault.ActivityId}': {fault.Message}. An admin can retry it.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict.",
            type: ProblemDetailsExceptionHandler.TypeBase + "workflow-faulted",
            extensions: new Dictionary<string, object?>
            {
                ["current"] = taken.Incident,
                ["currentVersion"] = taken.Incident.Version,
                ["faultId"] = fault.Id,
                ["instanceId"] = fault.InstanceId,
            });
    }

    private static async Task<Ok<ItemsOf<WorkflowListItem>>> List(HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new WorkflowList(http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<WorkflowDefinitionView>> Latest(string definitionId, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new WorkflowDocument(definitionId, null, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<WorkflowDefinitionView>> Version(string definitionId, int version, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new WorkflowDocument(definitionId, version, http.User.Viewer()), http.RequestAborted));

    private static async Task<Created<WorkflowDefinitionView>> Create(HttpContext http, IMediator mediator)
    {
        var (document, format) = await ReadDocumentAsync(http.Request);
        var saved = await mediator.Send(new SaveWorkflowDraft(document, format, null, http.User.Viewer()), http.RequestAborted);
        return TypedResults.Created($"/api/workflows/{saved.DefinitionId}/versions/{saved.Version}", saved);
    }

    private static async Task<Ok<WorkflowDefinitionView>> Update(string definitionId, HttpContext http, IMediator mediator)
    {
        var (document, format) = await ReadDocumentAsync(http.Request);
        return TypedResults.Ok(await mediator.Send(new SaveWorkflowDraft(document, format, definitionId, http.User.Viewer()), http.RequestAborted));
    }

    private static async Task<Ok<WorkflowDefinitionView>> Publish(string definitionId, PublishWorkflowBody? body, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new PublishWorkflow(definitionId, body?.Version, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<WorkflowInstanceView>> Instance(Guid instanceId, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new WorkflowInstanceDetails(instanceId, http.User.Viewer()), http.RequestAborted));

    private static async Task<Ok<WorkflowInstanceView>> Retry(Guid instanceId, HttpContext http, IMediator mediator) =>
        TypedResults.Ok(await mediator.Send(new RetryWorkflowInstance(instanceId, http.User.Viewer()), http.RequestAborted));

    /// <summary>WORKFLOWS.md: YAML or JSON, the same shape; anything else is 415.</summary>
    private static async Task<(string Document, DefinitionFormat Format)> ReadDocumentAsync(HttpRequest request)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
        DefinitionFormat format = mediaType switch
        {
            "application/json" => DefinitionFormat.Json,
            _ when YamlTypes.Contains(mediaType) => DefinitionFormat.Yaml,
            _ => throw new BadHttpRequestException(
                $"Send the definition as application/json or application/yaml (got '{request.ContentType ?? "no content type"}').",
                StatusCodes.Status415UnsupportedMediaType),
        };
        using var reader = new StreamReader(request.Body);
        return (await reader.ReadToEndAsync(request.HttpContext.RequestAborted), format);
    }
}
