using System.Net.Http.Headers;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Workflows.Definitions;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incident.Api.Features.Workflows;

public static class WorkflowsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/incidents/{id:guid}/actions", TakeActionOn).WithTags("Incidents").RequireAuthorization();

        var definitions = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization();
        definitions.MapGet("/", List);
        definitions.MapGet("/{definitionId}", Latest);
        definitions.MapGet("/{definitionId}/versions/{version:int}", Version);
        definitions.MapPost("/", Create);
        definitions.MapPut("/{definitionId}", Update);
        definitions.MapPost("/{definitionId}/publish", Publish);

        var instances = app.MapGroup("/api/workflow-instances").WithTags("Workflows").RequireAuthorization();
        instances.MapGet("/{instanceId:guid}", Instance);
        instances.MapPost("/{instanceId:guid}/retry", Retry);
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
            "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml" => DefinitionFormat.Yaml,
            _ => throw new BadHttpRequestException(
                $"Send the definition as application/json or application/yaml (got '{request.ContentType ?? "no content type"}').",
                StatusCodes.Status415UnsupportedMediaType),
        };
        using var reader = new StreamReader(request.Body);
        return (await reader.ReadToEndAsync(request.HttpContext.RequestAborted), format);
    }
}
