using System.Data.Common;
using System.Text;
using System.Text.Json;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Json;
using Npgsql;
using NpgsqlTypes;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>The batch insert of enforcement records: binary COPY on PostgreSQL, a reused multi-row insert elsewhere; then their tallies.</summary>
public sealed partial class EnforcementStore
{
    /// <summary>
    /// Rows per insert statement. SQLite runs an in-process statement per row fastest (binding many named parameters
    /// costs more than it saves: 10,000 rows took 0.5–0.9 s one a statement, 1.0–1.5 s fifty a statement); SQL Server
    /// saves round trips with 50 rows of 39 parameters (1,950, under its 2,100 a statement).
    /// </summary>
    private int RowsPerInsert => session.Dialect.Provider == DatabaseProvider.SqlServer ? 50 : 1;

    private static readonly string[] ColumnNames = [.. Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public async Task InsertAsync(IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }

        var (connection, tx) = await OpenAsync(ct);
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, records, ct);
        }
        else
        {
            await InsertRowsAsync(connection, tx, records, ct);
        }

        await TallyInsertedAsync(records, ct);
    }

    private async Task InsertRowsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {

        // One command, reused for every full chunk (prepared once by the provider), then one for the rest.
        var rows = records.Select(InsertRow.From).ToList();
        var (at, size) = (0, RowsPerInsert);
        if (rows.Count >= size)
        {
            await using var full = InsertCommand(connection, tx, size);
            for (; at + size <= rows.Count; at += size)
            {
                Bind(full, rows, at, size);
                await full.ExecuteNonQueryAsync(ct);
            }
        }

        if (at < rows.Count)
        {
            await using var rest = InsertCommand(connection, tx, rows.Count - at);
            Bind(rest, rows, at, rows.Count - at);
            await rest.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>insert into governance_enforcements (…) values (@p0_0, …, @p0_38), (@p1_0, …) for <paramref name="rows"/> rows.</summary>
    private static DbCommand InsertCommand(DbConnection connection, DbTransaction tx, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        var values = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            values.Append(r == 0 ? "" : ",\n").Append('(');
            for (var c = 0; c < ColumnNames.Length; c++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{r}_{c}";
                command.Parameters.Add(parameter);
                values.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
            }

            values.Append(')');
        }

        command.CommandText = $"insert into governance_enforcements ({Columns})\nvalues {values}";
        return command;
    }

    private static void Bind(DbCommand command, List<InsertRow> rows, int start, int count)
    {
        var parameters = command.Parameters;
        var k = 0;
        for (var r = start; r < start + count; r++)
        {
            foreach (var value in rows[r].Values())
            {
                parameters[k++].Value = value ?? DBNull.Value;
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<EnforcementRecord> records, CancellationToken ct)
    {
        // COPY joins the connection's open transaction: the batch still commits or rolls back as one.
        await using var writer = await connection.BeginBinaryImportAsync($"copy governance_enforcements ({Columns}) from stdin (format binary)", ct);
        foreach (var r in records.Select(InsertRow.From))
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
            await Text(writer, r.ExternalId, ct);
            await Text(writer, r.BodyHash, ct);
            await writer.WriteAsync(r.RuleId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(r.RuleVersion, NpgsqlDbType.Integer, ct);
            await Text(writer, r.SubjectType, ct);
            await Text(writer, r.SubjectId, ct);
            await Text(writer, r.GuildId, ct);
            await Text(writer, r.StrikeSubjectType, ct);
            await Text(writer, r.StrikeSubjectId, ct);
            await Time(writer, r.OccurredAt, ct);
            await writer.WriteAsync(r.Grave, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(r.Shadow, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(r.Strike, NpgsqlDbType.Integer, ct);
            await Text(writer, r.Action, ct);
            await Number(writer, r.DurationDays, ct);
            await writer.WriteAsync(r.Reversed, NpgsqlDbType.Boolean, ct);
            await Time(writer, r.ReversedAt, ct);
            await Time(writer, r.EducationCompletedAt, ct);
            await writer.WriteAsync(r.AutomatedDetection, NpgsqlDbType.Boolean, ct);
            await Text(writer, r.AutomatedDecision, ct);
            await Text(writer, r.DecisionGround, ct);
            await Text(writer, r.DsaCategory, ct);
            await Text(writer, r.ContentType, ct);
            await Text(writer, r.DecisionVisibility, ct);
            await Text(writer, r.DecisionMonetary, ct);
            await Text(writer, r.DecisionProvision, ct);
            await Text(writer, r.DecisionAccount, ct);
            await Text(writer, r.TerritorialScope, ct);
            await Text(writer, r.SourceType, ct);
            await Text(writer, r.Facts, ct);
            await Text(writer, r.ImportedBy, ct);
            await Time(writer, r.ImportedAt, ct);
            await Time(writer, r.ContentDate, ct);
            await Text(writer, r.ContentLanguage, ct);
            await Text(writer, r.IllegalContentLegalGround, ct);
            await Text(writer, r.IllegalContentExplanation, ct);
            await Text(writer, r.IncompatibleContentGround, ct);
            await Text(writer, r.IncompatibleContentExplanation, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private static Task Text(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task Number(NpgsqlBinaryImporter writer, int? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Integer, ct) : writer.WriteNullAsync(ct);

    private static Task Time(NpgsqlBinaryImporter writer, DateTimeOffset? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v.UtcDateTime, NpgsqlDbType.TimestampTz, ct) : writer.WriteNullAsync(ct);

    /// <summary>A record flattened to its columns (lists as JSON text, as the rule versions store theirs).</summary>
    private sealed record InsertRow(
        Guid Id, string ExternalId, string BodyHash, Guid RuleId, int RuleVersion, string SubjectType, string SubjectId, string? GuildId,
        string StrikeSubjectType, string StrikeSubjectId, DateTimeOffset OccurredAt, bool Grave, bool Shadow, int Strike, string Action,
        int? DurationDays, bool Reversed, DateTimeOffset? ReversedAt, DateTimeOffset? EducationCompletedAt, bool AutomatedDetection,
        string AutomatedDecision, string DecisionGround, string DsaCategory, string ContentType, string? DecisionVisibility,
        string? DecisionMonetary, string? DecisionProvision, string? DecisionAccount, string TerritorialScope, string SourceType, string Facts,
        string ImportedBy, DateTimeOffset ImportedAt, DateTimeOffset? ContentDate, string? ContentLanguage, string? IllegalContentLegalGround,
        string? IllegalContentExplanation, string? IncompatibleContentGround, string? IncompatibleContentExplanation)
    {
        public static InsertRow From(EnforcementRecord r) => new(
            r.Id, r.ExternalId, r.BodyHash, r.RuleId, r.RuleVersion, r.SubjectType, r.SubjectId, r.GuildId, r.StrikeSubject.Type,
            r.StrikeSubject.Id, r.OccurredAt, r.Grave, r.Shadow, r.Strike, r.Action, r.DurationDays, false, null, null, r.AutomatedDetection,
            r.AutomatedDecision, r.DecisionGround, r.DsaCategory, Json(r.ContentType)!, Json(r.DecisionVisibility), r.DecisionMonetary,
            r.DecisionProvision, r.DecisionAccount, Json(r.TerritorialScope)!, r.SourceType, r.Facts, r.ImportedBy, r.ImportedAt,
            r.ContentDate, r.ContentLanguage, r.IllegalContentLegalGround, r.IllegalContentExplanation, r.IncompatibleContentGround,
            r.IncompatibleContentExplanation);

        /// <summary>The values in the order of <see cref="Columns"/>.</summary>
        public object?[] Values() =>
        [
            Id, ExternalId, BodyHash, RuleId, RuleVersion, SubjectType, SubjectId, GuildId, StrikeSubjectType, StrikeSubjectId, OccurredAt, Grave,
            Shadow, Strike, Action, DurationDays, Reversed, ReversedAt, EducationCompletedAt, AutomatedDetection, AutomatedDecision, DecisionGround,
            DsaCategory, ContentType, DecisionVisibility, DecisionMonetary, DecisionProvision, DecisionAccount, TerritorialScope, SourceType, Facts,
            ImportedBy, ImportedAt, ContentDate, ContentLanguage, IllegalContentLegalGround, IllegalContentExplanation, IncompatibleContentGround,
            IncompatibleContentExplanation,
        ];

        /// <summary>Most records share the default lists (every EU country, "other" content): those are serialised once.</summary>
        private static readonly Dictionary<IReadOnlyList<string>, string> Shared = new(ReferenceEqualityComparer.Instance)
        {
            [DsaVocabulary.EuCountries] = JsonSerializer.Serialize(DsaVocabulary.EuCountries, ApiJson.Options),
            [DsaVocabulary.DefaultContentType] = JsonSerializer.Serialize(DsaVocabulary.DefaultContentType, ApiJson.Options),
        };

        private static string? Json(IReadOnlyList<string>? values) =>
            values is null ? null : Shared.GetValueOrDefault(values) ?? JsonSerializer.Serialize(values, ApiJson.Options);
    }
}
