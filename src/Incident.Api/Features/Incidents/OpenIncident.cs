using System.Text.Json;
using Incident.Api.Features.Reference;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Idempotency;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Incidents;

public sealed record OpenIncidentBody(
    string? Title, string? Summary, string? BusinessLine, string? Category, string? Severity, string? Source, string[]? Tags);

public sealed record OpenIncident(OpenIncidentBody Body, Viewer Viewer, string? IdempotencyKey) : ICommand<OpenedIncident>;

/// <summary>The new incident, or the replayed first result of the same Idempotency-Key.</summary>
public sealed record OpenedIncident(IncidentView Incident, bool Replayed);

internal sealed class OpenIncidentValidator(ReferenceData reference) : IValidator<OpenIncident>
{
    public ValueTask ValidateAsync(OpenIncident request, ValidationErrors errors, CancellationToken ct)
    {
        var body = request.Body;
        errors.Text(body.Title, "title", 1, 200);
        errors.Text(body.Summary, "summary", 0, 10_000);
        errors.OneOf(body.BusinessLine, "businessLine", reference.BusinessLineCodes);
        errors.OneOf(body.Category, "category", reference.CategoryCodes);
        errors.OneOf(body.Severity, "severity", Severities.All);
        errors.OneOf(body.Source, "source", Sources.All);
        IncidentRules.CheckTags(body.Tags, errors);
        if (request.IdempotencyKey is { } key)
        {
            errors.Check(
                key.Length is >= 1 and <= 200 && key.All(c => c is >= ' ' and <= '~'),
                "Idempotency-Key",
                "The Idempotency-Key header must be 1-200 printable ASCII characters.");
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class OpenIncidentHandler(IncidentStore store, IncidentWorkflows workflows, IdempotencyStore idempotency, TimeProvider clock)
    : IRequestHandler<OpenIncident, OpenedIncident>
{
    public async Task<OpenedIncident> Handle(OpenIncident request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        if (!viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins open incidents.");
        }

        var body = request.Body;
        var fields = new OpenFields(
            body.Title!, body.Summary ?? "", body.BusinessLine!, body.Category!, body.Severity!, body.Source!,
            [.. (body.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal)]);
        if (request.IdempotencyKey is { } key
            && await idempotency.ClaimAsync(viewer.Username, key, IdempotencyStore.Hash(fields), ct) is { } stored)
        {
            return new OpenedIncident(JsonSerializer.Deserialize<IncidentView>(stored, ApiJson.Options)!, Replayed: true);
        }

        var now = clock.GetUtcNow();
        var incidentKey = await store.NextKeyAsync(now.Year, ct);
        var incident = RiskIncident.Open(Guid.CreateVersion7(now), incidentKey, fields, viewer.Department, viewer.Username, now);
        // DESIGN.md "path of one change": the incident row, its workflow instance and their events commit together.
        var run = await workflows.StartAsync(incident, viewer.Username, ct);
        await workflows.SaveAsync(run, incident, newIncident: true, ct);
        var view = await workflows.StartedViewAsync(incident, run, viewer, ct);
        if (request.IdempotencyKey is { } claimed)
        {
            await idempotency.CompleteAsync(viewer.Username, claimed, 201, JsonSerializer.Serialize(view, ApiJson.Options), ct);
        }

        return new OpenedIncident(view, Replayed: false);
    }
}
