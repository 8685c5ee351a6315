using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Rules;

public sealed record LadderStepBody(int? Strike, string? Action, int? DurationDays);

public sealed record RuleTargetsBody(double? ViolationRateChange, double? MinPrecision, double? MinCoverage);

/// <summary>The writable fields of a rule (POST and PUT /api/governance/rules).</summary>
public sealed record RuleBody(
    string? Name,
    string? Kind,
    string? BusinessLine,
    string? Category,
    string? SubjectType,
    string? Characteristics,
    string? Detection,
    string? OwnerDepartment,
    IReadOnlyList<string>? ImplementingDepartments,
    IReadOnlyList<Guid>? IncidentIds,
    IReadOnlyList<Guid>? MemberRuleIds,
    Guid? SignalSeriesId,
    Guid? ControlSeriesId,
    IReadOnlyList<LadderStepBody?>? Ladder,
    int? StrikeWindowDays,
    int? GraveStartsAtStrike,
    bool? RollUpToGuild,
    RuleTargetsBody? Targets,
    int? EvaluationWindowDays,
    int? AppealSlaHours,
    int? ExpectedVersion)
{
    public const int MaxLadderSteps = 20;
    public const int MaxLinks = 50;

    /// <summary>Checks what needs no database; every problem at once, named by its field (ladder[1].strike).</summary>
    public void Check(ValidationErrors errors, ReferenceData reference)
    {
        errors.Text(Name, "name", 1, 200);
        errors.OneOf(Kind, "kind", RuleKinds.All);
        errors.OneOf(BusinessLine, "businessLine", reference.BusinessLineCodes);
        errors.OneOf(Category, "category", reference.CategoryCodes);
        errors.OneOf(SubjectType, "subjectType", SubjectTypes.All);
        errors.Text(Characteristics, "characteristics", 1, 20_000);
        errors.OneOf(Detection, "detection", DetectionMethods.All);
        errors.OneOf(OwnerDepartment, "ownerDepartment", reference.DepartmentCodes, required: false);
        var departments = ImplementingDepartments ?? [];
        errors.Check(departments.Count <= MaxLinks, "implementingDepartments", $"At most {MaxLinks} implementing departments.");
        for (var i = 0; i < departments.Count; i++)
        {
            errors.OneOf(departments[i], $"implementingDepartments[{i}]", reference.DepartmentCodes);
        }

        errors.Check(departments.Distinct().Count() == departments.Count, "implementingDepartments", "Each implementing department once.");
        errors.Check((IncidentIds?.Count ?? 0) <= MaxLinks, "incidentIds", $"At most {MaxLinks} linked incidents.");
        errors.Check((MemberRuleIds?.Count ?? 0) <= MaxLinks, "memberRuleIds", $"At most {MaxLinks} member rules.");
        if (Kind == RuleKinds.Strategy)
        {
            errors.Check(MemberRuleIds is { Count: > 0 }, "memberRuleIds", "A strategy bundles at least one rule: give 'memberRuleIds'.");
        }
        else
        {
            errors.Check(MemberRuleIds is null or { Count: 0 }, "memberRuleIds", "Only a strategy has member rules.");
        }

        errors.Check(
            SignalSeriesId is null || SignalSeriesId != ControlSeriesId,
            "controlSeriesId",
            "The control series must be another series than the one the rule should move.");
        CheckLadder(errors);
        errors.Check(StrikeWindowDays is null or >= 1 and <= 3650, "strikeWindowDays", "'strikeWindowDays' must be between 1 and 3650.");
        errors.Check(EvaluationWindowDays is null or >= 1 and <= 365, "evaluationWindowDays", "'evaluationWindowDays' must be between 1 and 365.");
        errors.Check(AppealSlaHours is null or >= 1 and <= 720, "appealSlaHours", "'appealSlaHours' must be between 1 and 720.");
        CheckTargets(errors);
    }

    public RuleContent ToContent(Viewer viewer) => new(
        Name!.Trim(),
        Kind!,
        BusinessLine!,
        Category!,
        SubjectType!,
        Characteristics!,
        Detection!,
        OwnerDepartment ?? viewer.Department,
        [.. (ImplementingDepartments ?? []).Order(StringComparer.Ordinal)],
        [.. (MemberRuleIds ?? []).Distinct()],
        SignalSeriesId,
        ControlSeriesId,
        [.. (Ladder ?? []).Select(s => new LadderStep(s!.Strike!.Value, s.Action!, s.DurationDays))],
        StrikeWindowDays ?? RuleContent.DefaultStrikeWindowDays,
        GraveStartsAtStrike,
        RollUpToGuild ?? false,
        new RuleTargets(Targets?.ViolationRateChange, Targets?.MinPrecision, Targets?.MinCoverage),
        EvaluationWindowDays ?? RuleContent.DefaultEvaluationWindowDays,
        AppealSlaHours ?? RuleContent.DefaultAppealSlaHours);

    private void CheckLadder(ValidationErrors errors)
    {
        var ladder = Ladder ?? [];
        if (ladder.Count == 0)
        {
            errors.Check(Kind == RuleKinds.Strategy, "ladder", "A rule needs a penalty ladder: at least one step { strike, action, durationDays? }.");
            return;
        }

        errors.Check(ladder.Count <= MaxLadderSteps, "ladder", $"At most {MaxLadderSteps} ladder steps.");
        int? previous = null;
        for (var i = 0; i < ladder.Count; i++)
        {
            var step = ladder[i];
            if (step is null)
            {
                errors.Add($"ladder[{i}]", "A ladder step is an object { strike, action, durationDays? }.");
                continue;
            }

            if (step.Strike is not { } strike || strike < 1)
            {
                errors.Add($"ladder[{i}].strike", "'strike' is required: a whole number from 1.");
            }
            else if (previous is { } before && strike <= before)
            {
                errors.Add($"ladder[{i}].strike", $"The ladder must increase: strike {strike} follows strike {before}.");
            }
            else if (previous is null && strike != 1)
            {
                errors.Add($"ladder[{i}].strike", $"The ladder starts at strike 1 (got {strike}).");
            }

            previous = step.Strike ?? previous;
            errors.OneOf(step.Action, $"ladder[{i}].action", LadderActions.All);
            errors.Check(step.DurationDays is null or >= 1 and <= 3650, $"ladder[{i}].durationDays", "'durationDays' must be between 1 and 3650.");
        }

        var top = ladder.LastOrDefault(s => s?.Strike is not null)?.Strike ?? 1;
        errors.Check(
            GraveStartsAtStrike is null || (GraveStartsAtStrike >= 1 && GraveStartsAtStrike <= top),
            "graveStartsAtStrike",
            $"'graveStartsAtStrike' must name a strike of the ladder (1 to {top}).");
    }

    private void CheckTargets(ValidationErrors errors)
    {
        if (Targets is not { } targets)
        {
            return;
        }

        errors.Check(
            targets.ViolationRateChange is null or >= -1 and <= 10 && (targets.ViolationRateChange is not { } v || double.IsFinite(v)),
            "targets.violationRateChange",
            "'violationRateChange' is a relative change from -1 (e.g. -0.3 for -30 %).");
        errors.Check(targets.MinPrecision is null or >= 0 and <= 1, "targets.minPrecision", "'minPrecision' is a share between 0 and 1.");
        errors.Check(targets.MinCoverage is null or >= 0 and <= 1, "targets.minCoverage", "'minCoverage' is a share between 0 and 1.");
    }
}
