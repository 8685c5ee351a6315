using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;

namespace Incident.Api.Features.Governance.Enforcement;

public sealed record SubjectView(string Type, string Id, string? GuildId = null);

/// <summary>A stored record as GET /api/governance/enforcements and the subject page show it (docs/governance.md).</summary>
public sealed record EnforcementView(
    Guid Id,
    string ExternalId,
    Guid RuleId,
    string RuleKey,
    int RuleVersion,
    SubjectView Subject,
    StrikeSubject StrikeSubject,
    DateTimeOffset OccurredAt,
    int Strike,
    string Action,
    int? DurationDays,
    bool Shadow,
    bool Grave,
    bool Reversed,
    DateTimeOffset? ReversedAt,
    DateTimeOffset? EducationCompletedAt,
    Guid? AppealId,
    bool AutomatedDetection,
    string AutomatedDecision,
    string DecisionGround,
    string DsaCategory,
    IReadOnlyList<string> ContentType,
    IReadOnlyList<string>? DecisionVisibility,
    string? DecisionMonetary,
    string? DecisionProvision,
    string? DecisionAccount,
    IReadOnlyList<string> TerritorialScope,
    string SourceType,
    string Facts,
    DateTimeOffset? ContentDate,
    string? ContentLanguage,
    string? IllegalContentLegalGround,
    string? IllegalContentExplanation,
    string? IncompatibleContentGround,
    string? IncompatibleContentExplanation,
    string ImportedBy,
    DateTimeOffset ImportedAt);

/// <summary>governance_enforcements as Dapper reads it, with the rule's key; lists travel as JSON text.</summary>
public sealed class EnforcementRow
{
    public const string Columns =
        """
        e.id as Id, e.external_id as ExternalId, e.rule_id as RuleId, r.rule_key as RuleKey, e.rule_version as RuleVersion,
        e.subject_type as SubjectType, e.subject_id as SubjectId, e.guild_id as GuildId, e.strike_subject_type as StrikeSubjectType,
        e.strike_subject_id as StrikeSubjectId, e.occurred_at as OccurredAt, e.strike as Strike, e.action as Action,
        e.duration_days as DurationDays, e.shadow as Shadow, e.grave as Grave, e.reversed as Reversed, e.reversed_at as ReversedAt,
        e.education_completed_at as EducationCompletedAt, e.automated_detection as AutomatedDetection,
        e.automated_decision as AutomatedDecision, e.decision_ground as DecisionGround, e.dsa_category as DsaCategory,
        e.content_type as ContentType, e.decision_visibility as DecisionVisibility, e.decision_monetary as DecisionMonetary,
        e.decision_provision as DecisionProvision, e.decision_account as DecisionAccount, e.territorial_scope as TerritorialScope,
        e.source_type as SourceType, e.facts as Facts, e.content_date as ContentDate, e.content_language as ContentLanguage,
        e.illegal_content_legal_ground as IllegalContentLegalGround, e.illegal_content_explanation as IllegalContentExplanation,
        e.incompatible_content_ground as IncompatibleContentGround, e.incompatible_content_explanation as IncompatibleContentExplanation,
        e.imported_by as ImportedBy, e.imported_at as ImportedAt
        """;

    public Guid Id { get; init; }

    public string ExternalId { get; init; } = "";

    public Guid RuleId { get; init; }

    public string RuleKey { get; init; } = "";

    /// <summary>Read only by the queries that join the record's version (export, subject page).</summary>
    public string RuleName { get; init; } = "";

    public int RuleVersion { get; init; }

    public string SubjectType { get; init; } = "";

    public string SubjectId { get; init; } = "";

    public string? GuildId { get; init; }

    public string StrikeSubjectType { get; init; } = "";

    public string StrikeSubjectId { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public int Strike { get; init; }

    public string Action { get; init; } = "";

    public int? DurationDays { get; init; }

    public bool Shadow { get; init; }

    public bool Grave { get; init; }

    public bool Reversed { get; init; }

    public DateTimeOffset? ReversedAt { get; init; }

    public DateTimeOffset? EducationCompletedAt { get; init; }

    public bool AutomatedDetection { get; init; }

    public string AutomatedDecision { get; init; } = "";

    public string DecisionGround { get; init; } = "";

    public string DsaCategory { get; init; } = "";

    public string ContentType { get; init; } = "[]";

    public string? DecisionVisibility { get; init; }

    public string? DecisionMonetary { get; init; }

    public string? DecisionProvision { get; init; }

    public string? DecisionAccount { get; init; }

    public string TerritorialScope { get; init; } = "[]";

    public string SourceType { get; init; } = "";

    public string Facts { get; init; } = "";

    public DateTimeOffset? ContentDate { get; init; }

    public string? ContentLanguage { get; init; }

    public string? IllegalContentLegalGround { get; init; }

    public string? IllegalContentExplanation { get; init; }

    public string? IncompatibleContentGround { get; init; }

    public string? IncompatibleContentExplanation { get; init; }

    public string ImportedBy { get; init; } = "";

    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>The latest appeal of each record, for the views' appealId.</summary>
    public static async Task<Dictionary<Guid, Guid>> LatestAppealsAsync(DbSession session, IReadOnlyCollection<Guid> recordIds, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var latest = new Dictionary<Guid, (Guid Id, DateTimeOffset FiledAt)>();
        foreach (var chunk in recordIds.Chunk(500))
        {
            var appeals = await connection.QueryAsync<AppealRef>(new CommandDefinition(
                $"""
                select a.enforcement_id as EnforcementId, a.id as Id, a.filed_at as FiledAt
                from governance_appeals a
                where {session.Dialect.InList("a.enforcement_id", "@ids")}
                """,
                new { ids = chunk }, session.Transaction, cancellationToken: ct));
            foreach (var a in appeals.Where(a => !latest.TryGetValue(a.EnforcementId, out var seen) || seen.FiledAt < a.FiledAt))
            {
                latest[a.EnforcementId] = (a.Id, a.FiledAt);
            }
        }

        return latest.ToDictionary(p => p.Key, p => p.Value.Id);
    }

    public static IReadOnlyList<string> List(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<string[]>(json, ApiJson.Options) ?? [];

    public EnforcementView ToView(Guid? appealId) => new(
        Id, ExternalId, RuleId, RuleKey, RuleVersion, new SubjectView(SubjectType, SubjectId, GuildId),
        new StrikeSubject(StrikeSubjectType, StrikeSubjectId), OccurredAt, Strike, Action, DurationDays, Shadow, Grave, Reversed, ReversedAt,
        EducationCompletedAt, appealId, AutomatedDetection, AutomatedDecision, DecisionGround, DsaCategory, List(ContentType),
        DecisionVisibility is null ? null : List(DecisionVisibility), DecisionMonetary, DecisionProvision, DecisionAccount,
        List(TerritorialScope), SourceType, Facts, ContentDate, ContentLanguage, IllegalContentLegalGround, IllegalContentExplanation,
        IncompatibleContentGround, IncompatibleContentExplanation, ImportedBy, ImportedAt);
}

internal sealed class AppealRef
{
    public Guid EnforcementId { get; init; }

    public Guid Id { get; init; }

    public DateTimeOffset FiledAt { get; init; }
}
