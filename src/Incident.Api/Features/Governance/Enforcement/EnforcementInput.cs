using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Governance.Enforcement;

public sealed record SubjectBody(string? Type, string? Id, string? GuildId);

/// <summary>One record of POST /api/governance/enforcements as sent (docs/governance.md "Enforcement records").</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EnforcementRecordBody(
    string? ExternalId,
    string? RuleId,
    int? RuleVersion,
    SubjectBody? Subject,
    string? OccurredAt,
    bool? Grave,
    bool? AutomatedDetection,
    string? AutomatedDecision,
    string? DecisionGround,
    string? DsaCategory,
    IReadOnlyList<string>? ContentType,
    IReadOnlyList<string>? DecisionVisibility,
    string? DecisionMonetary,
    string? DecisionProvision,
    string? DecisionAccount,
    IReadOnlyList<string>? TerritorialScope,
    string? SourceType,
    string? Facts,
    string? ContentDate,
    string? ContentLanguage,
    string? IllegalContentLegalGround,
    string? IllegalContentExplanation,
    string? IncompatibleContentGround,
    string? IncompatibleContentExplanation);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EnforcementBatchBody(IReadOnlyList<EnforcementRecordBody?>? Records);

/// <summary>Where a record came from, to name it in errors: records[3].subject.type in JSON, "line 7: subjectType …" in CSV.</summary>
public sealed record InputRow(string Name, bool Csv)
{
    public string Key(string field) => Csv ? Name : Name.Length == 0 ? field : $"{Name}.{field}";

    public string Message(string field, string column, string problem) => Csv ? $"{Name}: '{column}' {problem}" : $"'{field}' {problem}";

    public void Add(ValidationErrors errors, string field, string column, string problem) => errors.Add(Key(field), Message(field, column, problem));
}

/// <summary>A record that passed the checks that need no database: trimmed, parsed, DSA values in their full enum names.</summary>
public sealed record EnforcementInput(
    int Index,
    InputRow Row,
    string ExternalId,
    string RuleRef,
    int? RuleVersion,
    string SubjectType,
    string SubjectId,
    string? GuildId,
    DateTimeOffset OccurredAt,
    bool Grave,
    bool AutomatedDetection,
    string AutomatedDecision,
    string? DecisionGround,
    string? DsaCategory,
    IReadOnlyList<string>? ContentType,
    IReadOnlyList<string>? DecisionVisibility,
    string? DecisionMonetary,
    string? DecisionProvision,
    string? DecisionAccount,
    IReadOnlyList<string>? TerritorialScope,
    string? SourceType,
    string Facts,
    DateTimeOffset? ContentDate,
    string? ContentLanguage,
    string? IllegalContentLegalGround,
    string? IllegalContentExplanation,
    string? IncompatibleContentGround,
    string? IncompatibleContentExplanation)
{
    public const int MaxRecords = 10_000;
    public const int MaxFacts = 5_000;

    /// <summary>A decision may be reported this far ahead of our clock (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// SHA-256 of the record as given (rule resolved to its id, values normalised, defaults not applied): a re-sent
    /// record hashes the same whether it came as JSON or CSV, by rule id or key. The canonical form (a JSON array of the
    /// fields in a fixed order) is what stored records were hashed with: changing it would turn every re-sent record
    /// into a 409.
    /// </summary>
    public string Hash(Guid ruleId) => Hash(ruleId, new ArrayBufferWriter<byte>(1024));

    /// <summary>The hashes of a batch by submission index, reusing one buffer (10,000 records a request).</summary>
    public static string[] Hashes(IEnumerable<EnforcementInput> inputs, int submissions, Func<EnforcementInput, Guid> ruleId)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var hashes = new string[submissions];
        foreach (var input in inputs)
        {
            hashes[input.Index] = input.Hash(ruleId(input), buffer);
        }

        return hashes;
    }

    private string Hash(Guid ruleId, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var text in new[] { ExternalId, ruleId.ToString(), SubjectType, SubjectId, GuildId, AutomatedDecision, DecisionGround, DsaCategory })
            {
                Write(json, text);
            }

            json.WriteNumberValue(RuleVersion ?? 0);
            json.WriteNumberValue(OccurredAt.UtcTicks);
            json.WriteNumberValue(ContentDate?.UtcTicks ?? 0);
            json.WriteBooleanValue(Grave);
            json.WriteBooleanValue(AutomatedDetection);
            foreach (var list in new[] { ContentType, DecisionVisibility, TerritorialScope })
            {
                json.WriteStartArray();
                foreach (var value in list ?? [])
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            foreach (var text in new[]
            {
                DecisionMonetary, DecisionProvision, DecisionAccount, SourceType, Facts, ContentLanguage, IllegalContentLegalGround,
                IllegalContentExplanation, IncompatibleContentGround, IncompatibleContentExplanation,
            })
            {
                Write(json, text);
            }

            json.WriteEndArray();
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Write(Utf8JsonWriter json, string? text)
    {
        if (text is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(text);
        }
    }

    /// <summary>Parses an ISO-8601 time as UTC, truncated to microseconds (what PostgreSQL keeps), so every provider stores the same instant.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }

        return new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
    }
}
