using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>Source-generated reading of import bodies (10,000 records a request): no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EnforcementBatchBody))]
internal sealed partial class EnforcementJson : JsonSerializerContext;

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
    /// record hashes the same whether it came as JSON or CSV, by rule id or key. The canonical form is each field in a
    /// fixed order, length-prefixed (-1 for absent), so no two records share it.
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
        Put(buffer, ExternalId);
        Put(buffer, ruleId.ToString("N"));
        Put(buffer, RuleVersion ?? 0);
        Put(buffer, SubjectType);
        Put(buffer, SubjectId);
        Put(buffer, GuildId);
        Put(buffer, OccurredAt.UtcTicks);
        Put(buffer, Grave ? 1 : 0);
        Put(buffer, AutomatedDetection ? 1 : 0);
        Put(buffer, AutomatedDecision);
        Put(buffer, DecisionGround);
        Put(buffer, DsaCategory);
        Put(buffer, ContentType);
        Put(buffer, DecisionVisibility);
        Put(buffer, DecisionMonetary);
        Put(buffer, DecisionProvision);
        Put(buffer, DecisionAccount);
        Put(buffer, TerritorialScope);
        Put(buffer, SourceType);
        Put(buffer, Facts);
        Put(buffer, ContentDate?.UtcTicks ?? -1);
        Put(buffer, ContentLanguage);
        Put(buffer, IllegalContentLegalGround);
        Put(buffer, IllegalContentExplanation);
        Put(buffer, IncompatibleContentGround);
        Put(buffer, IncompatibleContentExplanation);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Put(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void Put(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            Put(buffer, -1);
            return;
        }

        var span = buffer.GetSpan(8 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span, length);
        buffer.Advance(8 + length);
    }

    private static void Put(ArrayBufferWriter<byte> buffer, IReadOnlyList<string>? values)
    {
        Put(buffer, values?.Count ?? -1);
        foreach (var value in values ?? [])
        {
            Put(buffer, value);
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
