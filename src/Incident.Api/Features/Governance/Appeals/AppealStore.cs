using System.Data.Common;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.Governance.Appeals;

/// <summary>All writes to governance_appeals, and the locked reads before them.</summary>
public sealed class AppealStore(DbSession session)
{
    private const string Columns =
        """
        a.id as Id, a.enforcement_id as EnforcementId, a.rule_id as RuleId, a.rule_version as RuleVersion, a.statement as Statement,
        a.status as Status, a.filed_at as FiledAt, a.enforcement_occurred_at as EnforcementOccurredAt, a.filed_by as FiledBy, a.due_at as DueAt, a.reviewing_department as ReviewingDepartment,
        a.decided_at as DecidedAt, a.decided_by as DecidedBy, a.reason as Reason, a.version as Version
        """;

    /// <summary>The records among <paramref name="enforcementIds"/> that have a pending appeal.</summary>
    public async Task<HashSet<Guid>> PendingAsync(IReadOnlyCollection<Guid> enforcementIds, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var pending = new HashSet<Guid>();
        foreach (var chunk in enforcementIds.Chunk(500))
        {
            pending.UnionWith(await connection.QueryAsync<Guid>(new CommandDefinition(
                $"""
                select a.enforcement_id
                from governance_appeals a
                where {session.Dialect.InList("a.enforcement_id", "@ids")}
                    and a.status = @pending
                """,
                new { ids = chunk, pending = AppealStatuses.Pending }, tx, cancellationToken: ct)));
        }

        return pending;
    }

    public async Task InsertAsync(IReadOnlyList<GovernanceAppeal> appeals, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into governance_appeals (id, enforcement_id, rule_id, rule_version, statement, status, filed_at, enforcement_occurred_at,
                filed_by, due_at, reviewing_department, decided_at, decided_by, reason, version)
            values (@Id, @EnforcementId, @RuleId, @RuleVersion, @Statement, @Status, @FiledAt, @EnforcementOccurredAt,
                @FiledBy, @DueAt, @ReviewingDepartment, @DecidedAt, @DecidedBy, @Reason, @Version)
            """,
            appeals, tx, cancellationToken: ct));
    }

    /// <summary>Loads an appeal locking its row until commit, so of two concurrent decisions the second sees the first.</summary>
    public async Task<GovernanceAppeal?> LockAsync(Guid id, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AppealRecord>(new CommandDefinition(
            $"""
            select {Columns}
            from governance_appeals a {session.Dialect.LockHint}
            where a.id = @id
            {session.Dialect.ForUpdate}
            """,
            new { id }, tx, cancellationToken: ct));
        return row is null ? null : GovernanceAppeal.Load(row);
    }

    /// <summary>Writes a decision over the pending appeal it was taken on; anything else is 409 (nothing changes).</summary>
    public async Task SaveDecisionAsync(GovernanceAppeal appeal, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update governance_appeals
            set status = @Status, decided_at = @DecidedAt, decided_by = @DecidedBy, reason = @Reason, version = @Version
            where id = @Id
                and status = @pending
                and version = @previous
            """,
            new { appeal.Id, appeal.Status, appeal.DecidedAt, appeal.DecidedBy, appeal.Reason, appeal.Version, pending = AppealStatuses.Pending, previous = appeal.Version - 1 },
            tx, cancellationToken: ct));
        if (updated != 1)
        {
            throw new ConflictException($"Appeal {appeal.Id} was decided by someone else meanwhile.", "appeal-decided");
        }
    }

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Appeal writes run inside a command's transaction."));
    }
}
