using System.Globalization;
using System.Text;
using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>One judged item of an audit sample: the record or content it names, and whether it violated the rule.</summary>
public sealed record AuditItem(string Ref, bool Violating);

/// <summary>All writes to governance_audits and governance_audit_items.</summary>
public sealed class AuditStore(DbSession session)
{
    // Three parameters a row: 300 rows stay under SQL Server's 2,100 and old SQLite's 999 parameters a statement.
    private const int RowsPerInsert = 300;

    public async Task InsertAsync(AuditView audit, IReadOnlyList<AuditItem> items, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var tx = session.Transaction ?? throw new InvalidOperationException("Audit writes run inside a command's transaction.");
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into governance_audits (id, rule_id, rule_version, kind, sample_size, violating, population, created_by, created_at)
            values (@Id, @RuleId, @RuleVersion, @Kind, @N, @Violating, @Population, @CreatedBy, @CreatedAt)
            """,
            audit, tx, cancellationToken: ct));

        for (var start = 0; start < items.Count; start += RowsPerInsert)
        {
            var sql = new StringBuilder(
                """
                insert into governance_audit_items (audit_id, position, item_ref, violating)
                values
                """);
            var parameters = new DynamicParameters(new { auditId = audit.Id });
            for (var i = start; i < Math.Min(start + RowsPerInsert, items.Count); i++)
            {
                sql.Append(i == start ? "\n    " : ",\n    ").Append(CultureInfo.InvariantCulture, $"(@auditId, @p{i}, @r{i}, @v{i})");
                parameters.Add($"p{i}", i);
                parameters.Add($"r{i}", items[i].Ref);
                parameters.Add($"v{i}", items[i].Violating);
            }

            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, tx, cancellationToken: ct));
        }
    }
}
