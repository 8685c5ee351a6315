using Incident.Api.Features.Governance.Rules;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Governance.Effectiveness;

public static class AuditKinds
{
    public const string Precision = "precision";
    public const string Coverage = "coverage";

    public static readonly IReadOnlyList<string> All = [Precision, Coverage];
}

public sealed record AuditItemBody(string? Ref, bool? Violating);

public sealed record RecordAuditBody(string? RuleId, string? Kind, IReadOnlyList<AuditItemBody?>? Items, long? Population, int? RuleVersion);

/// <summary>
/// An audit as served. value = violating / n: for precision the share of enforced records that really
/// violated, for coverage the miss share of the unenforced sample (coverage itself is in the effectiveness view).
/// </summary>
public sealed record AuditView(
    Guid Id, Guid RuleId, string RuleKey, int RuleVersion, string Kind, int N, int Violating, double? Value,
    IReadOnlyList<double>? Ci95, long? Population, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static AuditView Of(Guid id, Guid ruleId, string ruleKey, int ruleVersion, string kind, int n, int violating, long? population, DateTimeOffset createdAt, string createdBy) =>
        new(id, ruleId, ruleKey, ruleVersion, kind, n, violating, EffectivenessMath.Share(violating, n),
            EffectivenessMath.Wilson(violating, n)?.ToList(), population, createdAt, createdBy);
}

/// <summary>POST /api/governance/audits: a QA sample judged item by item, for one version of a rule.</summary>
public sealed record RecordAudit(RecordAuditBody Body, Viewer Viewer) : ICommand<AuditView>;

internal sealed class RecordAuditValidator : IValidator<RecordAudit>
{
    public const int MaxItems = 10_000;
    public const string ReviewDepartment = "review-ops";

    public ValueTask ValidateAsync(RecordAudit request, ValidationErrors errors, CancellationToken ct)
    {
        var viewer = request.Viewer;
        if (!viewer.MayWorkIncidents && !(viewer.Is(Roles.Partner) && viewer.Department == ReviewDepartment))
        {
            throw new ForbiddenException("Only operators, leaders, admins and review operations record QA audits.");
        }

        var body = request.Body;
        errors.Text(body.RuleId, "ruleId", 1, 100);
        errors.OneOf(body.Kind, "kind", AuditKinds.All);
        errors.Check(body.RuleVersion is null or >= 1, "ruleVersion", "'ruleVersion' starts at 1.");
        var items = body.Items ?? [];
        if (items.Count == 0)
        {
            errors.Add("items", "'items' is required: at least one audited item { ref, violating }.");
        }
        else if (items.Count > MaxItems)
        {
            errors.Add("items", $"At most {MaxItems} items an audit (got {items.Count}).");
        }
        else
        {
            for (var i = 0; i < items.Count && errors.Count < 20; i++)
            {
                if (items[i] is not { } item)
                {
                    errors.Add($"items[{i}]", $"items[{i}] is null; expected {{ ref, violating }}.");
                    continue;
                }

                errors.Text(item.Ref, $"items[{i}].ref", 1, 200);
                errors.Check(item.Violating is not null, $"items[{i}].violating", $"items[{i}].violating is required (true or false).");
            }
        }

        errors.Check(
            body.Population is null || (body.Population >= items.Count && body.Population >= 1),
            "population",
            $"'population' is the size of the audited set: at least the sample size ({items.Count}).");
        return ValueTask.CompletedTask;
    }
}

internal sealed class RecordAuditHandler(RuleVisibility visibility, AuditStore audits, RuleTimeline timeline, TimeProvider clock)
    : IRequestHandler<RecordAudit, AuditView>
{
    public async Task<AuditView> Handle(RecordAudit request, CancellationToken ct)
    {
        var body = request.Body;
        var rule = await visibility.LoadAsync(body.RuleId!.Trim(), request.Viewer, ct);
        var version = VersionOf(rule, body.RuleVersion);
        var items = body.Items!.Select(i => new AuditItem(i!.Ref!.Trim(), i.Violating!.Value)).ToList();
        var now = clock.GetUtcNow();
        // Coverage: without a population the sample was the whole unenforced set.
        var population = body.Kind == AuditKinds.Coverage ? body.Population ?? items.Count : body.Population;
        var audit = AuditView.Of(
            Guid.CreateVersion7(now), rule.Id, rule.Key, version.Version, body.Kind!, items.Count, items.Count(i => i.Violating),
            population, now, request.Viewer.Username);
        await audits.InsertAsync(audit, items, ct);

        var data = RuleTimeline.Data(rule, version.Version);
        data["auditId"] = audit.Id;
        data["kind"] = audit.Kind;
        data["n"] = audit.N;
        data["violating"] = audit.Violating;
        data["value"] = audit.Value;
        data["population"] = audit.Population;
        await timeline.RecordAsync(rule.IncidentIds, GovernanceEvents.AuditRecorded, request.Viewer.Username, data, ct);
        return audit;
    }

    /// <summary>The version audited: the one named (it must have run), else the one effectiveness measures by default.</summary>
    private static RuleVersion VersionOf(GovernanceRule rule, int? requested)
    {
        var version = requested is { } n
            ? rule.Versions.FirstOrDefault(v => v.Version == n)
                ?? throw ValidationFailedException.For("ruleVersion", $"Rule {rule.Key} has no version {n} (latest is {rule.Latest.Version}).")
            : EffectivenessMeasure.DefaultVersion(rule);
        if (version is null || (version.LaunchedAt is null && version.ShadowAt is null))
        {
            throw new ConflictException(
                $"Rule {rule.Key}{(requested is { } r ? $" version {r}" : "")} never ran (neither in shadow nor live): there is nothing to audit yet.",
                "rule-never-ran");
        }

        return version;
    }
}
