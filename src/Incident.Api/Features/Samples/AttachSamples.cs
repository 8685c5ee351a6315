using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Samples;

public sealed record AttachSamples(Guid IncidentId, IReadOnlyList<SampleInput> Samples, Viewer Viewer) : ICommand<SamplesAttached>;

public sealed record SamplesAttached(int Accepted, int Total);

internal sealed class AttachSamplesValidator : IValidator<AttachSamples>
{
    public const int MaxSamples = 20_000;

    public ValueTask ValidateAsync(AttachSamples request, ValidationErrors errors, CancellationToken ct)
    {
        var samples = request.Samples;
        errors.Check(samples.Count > 0, "samples", "Send at least one sample.");
        errors.Check(samples.Count <= MaxSamples, "samples", $"At most {MaxSamples} samples per request (got {samples.Count}).");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(samples.Count, MaxSamples) && !TooMany(errors); i++)
        {
            var s = samples[i];
            errors.Text(s.ExternalId, $"[{i}].externalId", 1, 200);
            errors.Text(s.Text, $"[{i}].text", 1, 4000);
            errors.Check(s.ExternalId is null || seen.Add(s.ExternalId.Trim()), $"[{i}].externalId", $"Duplicate externalId '{s.ExternalId}' in this request.");
            errors.Check(
                string.IsNullOrWhiteSpace(s.Url) || (s.Url.Length <= 2000 && Uri.TryCreate(s.Url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                $"[{i}].url",
                "A url is an absolute http(s) address of at most 2000 characters.");
            IncidentRules.CheckTags(s.Tags, errors);
            errors.Check(s.Metrics is null || (s.Metrics.Count <= 20 && s.Metrics.Keys.All(k => k.Length is > 0 and <= 50)),
                $"[{i}].metrics", "At most 20 metrics, each named in 1-50 characters.");
        }

        return ValueTask.CompletedTask;
    }

    // Thousands of bad rows make a useless answer: report the first hundred problems.
    private static bool TooMany(ValidationErrors errors) => errors.Count >= 100;
}

internal sealed class AttachSamplesHandler(IncidentStore incidents, SampleStore samples, TimeProvider clock)
    : IRequestHandler<AttachSamples, SamplesAttached>
{
    public async Task<SamplesAttached> Handle(AttachSamples request, CancellationToken ct)
    {
        var incident = await incidents.LoadAsync(request.IncidentId, request.Viewer, ct);
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins attach samples.");
        }

        if (incident.Status == IncidentStatuses.Closed)
        {
            throw new ConflictException($"Incident {incident.Key} is closed.", "incident-closed", currentVersion: incident.Version);
        }

        var now = clock.GetUtcNow();
        await samples.UpsertAsync(incident.Id, request.Samples, request.Viewer.Username, now, ct);
        var total = await samples.CountAsync(incident.Id, ct);
        incident.Record("samples.attached", request.Viewer.Username, now, new Dictionary<string, object?>
        {
            ["count"] = request.Samples.Count,
            ["total"] = total,
        });
        await incidents.SaveAsync(incident, expectedVersion: null, ct);
        return new SamplesAttached(request.Samples.Count, total);
    }
}
