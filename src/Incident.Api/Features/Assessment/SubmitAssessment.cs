using Incident.Api.Features.Incidents;
using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Assessment;

public sealed record SubmitAssessment(Guid IncidentId, AssessmentInput Input, Viewer Viewer) : ICommand<AssessmentView>;

internal sealed class SubmitAssessmentValidator : IValidator<SubmitAssessment>
{
    public ValueTask ValidateAsync(SubmitAssessment request, ValidationErrors errors, CancellationToken ct)
    {
        var input = request.Input;
        errors.Check(input.AffectedContent is >= 0, "affectedContent", "'affectedContent' is required: the number of affected content items, 0 or more.");
        errors.Check(input.Exposure is >= 0, "exposure", "'exposure' is required: views or exposures so far, 0 or more.");
        errors.Check(input.SpreadPerHour is >= 0 && double.IsFinite(input.SpreadPerHour.Value), "spreadPerHour", "'spreadPerHour' is required: new affected items per hour, 0 or more.");
        errors.Check(input.Sensitivity is null or >= 0 and <= 1, "sensitivity", "'sensitivity' is between 0 and 1 (absent: the category's weight).");
        errors.OneOf(input.OverrideSeverity, "overrideSeverity", Severities.All, required: false);
        errors.Check(input.OverrideSeverity is null || !string.IsNullOrWhiteSpace(input.OverrideReason), "overrideReason", "Overriding the severity needs a reason.");
        errors.Text(input.OverrideReason, "overrideReason", 0, 2000);
        return ValueTask.CompletedTask;
    }
}

internal sealed class SubmitAssessmentHandler(IncidentStore incidents, AssessmentStore assessments, ReferenceData reference, TimeProvider clock)
    : IRequestHandler<SubmitAssessment, AssessmentView>
{
    public async Task<AssessmentView> Handle(SubmitAssessment request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins assess incidents.");
        }

        var view = await RecordAsync(incident, request.Input, request.Viewer.Username, ct);
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return view;
    }

    /// <summary>Scores, stores and records the assessment on the incident (the caller saves the incident).</summary>
    public async Task<AssessmentView> RecordAsync(RiskIncident incident, AssessmentInput input, string actor, CancellationToken ct)
    {
        var category = reference.Category(incident.Category);
        var result = RiskModel.Assess(input, category.SensitivityWeight, category.NameEn);
        var now = clock.GetUtcNow();
        incident.Record("assessment.recorded", actor, now, new Dictionary<string, object?>
        {
            ["riskScore"] = result.RiskScore,
            ["suggestedSeverity"] = result.SuggestedSeverity,
            ["severity"] = incident.Severity,
        });
        if (input.OverrideSeverity is { } chosen && chosen != incident.Severity)
        {
            incident.OverrideSeverity(chosen, input.OverrideReason!.Trim(), result.SuggestedSeverity, actor, now);
        }

        var view = new AssessmentView(
            Guid.CreateVersion7(now), incident.Id, result.RiskScore, result.SuggestedSeverity, incident.Severity,
            result.Explanation, input, actor, now);
        await assessments.InsertAsync(view, ct);
        return view;
    }
}
