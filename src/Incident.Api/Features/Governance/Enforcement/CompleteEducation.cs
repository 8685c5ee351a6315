using Dapper;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Enforcement;

public sealed record CompleteEducationBody(DateTimeOffset? CompletedAt);

/// <summary>
/// POST /api/governance/enforcements/{externalId}/education-completed: the subject finished the training an education
/// step asked for. Effectiveness counts re-violations within the strike window after education_completed_at.
/// </summary>
public sealed record CompleteEducation(string ExternalId, CompleteEducationBody? Body, Viewer Viewer) : ICommand<EnforcementView>;

internal sealed class CompleteEducationValidator(TimeProvider clock) : IValidator<CompleteEducation>
{
    public ValueTask ValidateAsync(CompleteEducation request, ValidationErrors errors, CancellationToken ct)
    {
        if (!request.Viewer.MayWorkIncidents)
        {
            throw new ForbiddenException("Only operators, leaders and admins record enforcement.");
        }

        errors.Check(
            request.Body?.CompletedAt is not { } at || at <= clock.GetUtcNow() + EnforcementInput.FutureTolerance,
            "completedAt",
            "'completedAt' is in the future.");
        return ValueTask.CompletedTask;
    }
}

internal sealed class CompleteEducationHandler(DbSession session, EnforcementStore store, TimeProvider clock)
    : IRequestHandler<CompleteEducation, EnforcementView>
{
    public async Task<EnforcementView> Handle(CompleteEducation request, CancellationToken ct)
    {
        var record = await store.LockAsync(request.ExternalId, ct) ?? throw new NotFoundException("enforcement record", request.ExternalId);
        if (record.Action != LadderActions.Education)
        {
            throw new ConflictException(
                $"Record '{record.ExternalId}' is a {record.Action} (strike {record.Strike}), not an education step: there is no training to complete.",
                "not-education");
        }

        if (record.Shadow || record.Reversed)
        {
            throw new ConflictException(
                $"Record '{record.ExternalId}' is {(record.Shadow ? "a shadow (would-be) penalty" : "reversed")}: no training was asked for.",
                record.Shadow ? "record-shadow" : "record-reversed");
        }

        var completedAt = request.Body?.CompletedAt?.ToUniversalTime() ?? clock.GetUtcNow();
        if (completedAt < record.OccurredAt)
        {
            throw ValidationFailedException.For("completedAt", $"'completedAt' {completedAt:O} is before the education step ({record.OccurredAt:O}).");
        }

        await store.CompleteEducationAsync(record.Id, completedAt, ct);
        var connection = await session.ConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<EnforcementRow>(new CommandDefinition(
            $"""
            select {EnforcementRow.Columns}
            from governance_enforcements e
            join governance_rules r on r.id = e.rule_id
            where e.id = @id
            """,
            new { id = record.Id }, session.Transaction, cancellationToken: ct));
        var appeals = await EnforcementRow.LatestAppealsAsync(session, [row.Id], ct);
        return row.ToView(appeals.TryGetValue(row.Id, out var a) ? a : null);
    }
}
