using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Incidents;

/// <summary>PATCH body: only the fields present change.</summary>
public sealed record EditIncidentBody(
    string? Title, string? Summary, string? BusinessLine, string? Category, string? Severity, string[]? Tags, int? ExpectedVersion);

public sealed record EditIncident(Guid Id, EditIncidentBody Body, Viewer Viewer) : ICommand<IncidentView>;

internal sealed class EditIncidentValidator(ReferenceData reference) : IValidator<EditIncident>
{
    public ValueTask ValidateAsync(EditIncident request, ValidationErrors errors, CancellationToken ct)
    {
        var body = request.Body;
        if (body.Title is not null)
        {
            errors.Text(body.Title, "title", 1, 200);
        }

        errors.Text(body.Summary, "summary", 0, 10_000);
        errors.OneOf(body.BusinessLine, "businessLine", reference.BusinessLineCodes, required: false);
        errors.OneOf(body.Category, "category", reference.CategoryCodes, required: false);
        errors.OneOf(body.Severity, "severity", Severities.All, required: false);
        IncidentRules.CheckTags(body.Tags, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class EditIncidentHandler(IncidentStore store, TimeProvider clock) : IRequestHandler<EditIncident, IncidentView>
{
    public async Task<IncidentView> Handle(EditIncident request, CancellationToken ct)
    {
        var incident = await store.LoadAsync(request.Id, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins edit incidents.");
        }

        var body = request.Body;
        incident.Edit(
            new EditFields(body.Title, body.Summary, body.BusinessLine, body.Category, body.Severity,
                body.Tags?.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToArray()),
            request.Viewer.Username,
            clock.GetUtcNow());
        await store.SaveAsync(incident, body.ExpectedVersion, ct);
        return IncidentView.From(incident);
    }
}
