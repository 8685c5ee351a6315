using Dapper;
using Incident.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;

namespace Incident.Api.Features.Users;

public sealed class UserAccount
{
    public string Username { get; init; } = "";

    public string DisplayName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Roles { get; set; } = "";

    public string Department { get; set; } = "";

    public bool Disabled { get; set; }

    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record UserView(string Username, string DisplayName, IReadOnlyList<string> Roles, string Department, bool Disabled)
{
    public static UserView From(UserAccount u) => new(u.Username, u.DisplayName, u.RoleList, u.Department, u.Disabled);
}

/// <summary>All writes to users. Passwords are kept only as ASP.NET Core Identity PBKDF2 hashes.</summary>
public sealed class UserStore(DbSession session)
{
    public const string Columns =
        """
        username as Username, display_name as DisplayName, password_hash as PasswordHash, roles as Roles,
        department as Department, disabled as Disabled, version as Version, created_at as CreatedAt, updated_at as UpdatedAt
        """;

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public static string HashPassword(UserAccount user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(UserAccount user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public async Task<UserAccount?> FindAsync(string username, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"""
            select {Columns}
            from users
            where username = @username
            """,
            new { username }, session.Transaction, cancellationToken: ct));
    }

    public async Task InsertAsync(UserAccount user, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into users (username, display_name, password_hash, roles, department, disabled, version, created_at, updated_at)
            values (@Username, @DisplayName, @PasswordHash, @Roles, @Department, @Disabled, @Version, @CreatedAt, @UpdatedAt)
            """,
            user, session.Transaction, cancellationToken: ct));
    }

    public async Task<bool> UpdateAsync(UserAccount user, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            update users
            set display_name = @DisplayName, password_hash = @PasswordHash, roles = @Roles, department = @Department,
                disabled = @Disabled, version = @Version + 1, updated_at = @UpdatedAt
            where username = @Username
                and version = @Version
            """,
            user, session.Transaction, cancellationToken: ct));
        if (updated == 1)
        {
            user.Version++;
        }

        return updated == 1;
    }
}
