using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Signals;

public sealed record SetSeriesThresholdBody(double? Threshold);

/// <summary>PUT /api/signals/series/{seriesId} <c>{ threshold }</c>: the series' own alert threshold; null returns to the default.</summary>
public sealed record SetSeriesThreshold(Guid SeriesId, SetSeriesThresholdBody Body, Viewer Viewer) : ICommand<bool>;

internal sealed class SetSeriesThresholdValidator : IValidator<SetSeriesThreshold>
{
    public ValueTask ValidateAsync(SetSeriesThreshold request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Check(
            request.Body.Threshold is null or > 0 and <= 1,
            "threshold",
            "'threshold' must be above 0 and at most 1 (scores are in [0, 1]), or null for the default.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class SetSeriesThresholdHandler(SignalStore signals, TimeProvider clock) : IRequestHandler<SetSeriesThreshold, bool>
{
    public async Task<bool> Handle(SetSeriesThreshold request, CancellationToken ct)
    {
        SignalAccess.EnsureMayRead(request.Viewer);
        if (!request.Viewer.Is(Roles.Admin) && !request.Viewer.Is(Roles.Operator))
        {
            throw new ForbiddenException("Only operators and admins set a series' threshold.");
        }

        if (!await signals.SetThresholdAsync(request.SeriesId, request.Body.Threshold, clock.GetUtcNow(), ct))
        {
            throw new NotFoundException("series", request.SeriesId);
        }

        return true;
    }
}
