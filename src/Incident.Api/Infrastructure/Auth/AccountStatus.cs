using System.Collections.Concurrent;
using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Infrastructure.Auth;

/// <summary>
/// A token outlives a change to its user: a disabled account, or new roles or department, must
/// stop it. Each request checks the account (cached a few seconds per node, so the cost is one
/// indexed read per user per interval).
/// </summary>
public sealed class AccountStatus(SqlDialect dialect, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, string? Stamp)> cache = new(StringComparer.Ordinal);

    /// <summary>The account's current stamp (roles and department), or null when it is disabled or gone.</summary>
    public async Task<string?> StampAsync(string username, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(username, out var cached) && now - cached.ReadAt < Freshness)
        {
            return cached.Stamp;
        }

        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Roles, string Department, bool Disabled)>(new CommandDefinition(
            """
            select roles, department, disabled
            from users
            where username = @username
            """,
            new { username }, cancellationToken: ct));
        var stamp = row.Roles is null || row.Disabled ? null : Stamp(row.Roles.Split(','), row.Department);
        cache[username] = (now, stamp);
        return stamp;
    }

    /// <summary>Raised by <see cref="Forget"/>: the account changed on this node (live connections re-check it).</summary>
    public event Action<string>? Changed;

    /// <summary>Call after the change is committed, so that the next read sees it.</summary>
    public void Forget(string username)
    {
        cache.TryRemove(username, out _);
        Changed?.Invoke(username);
    }

    public static string Stamp(IEnumerable<string> roles, string department) =>
        string.Join(',', roles.Order(StringComparer.Ordinal)) + "@" + department;
}
