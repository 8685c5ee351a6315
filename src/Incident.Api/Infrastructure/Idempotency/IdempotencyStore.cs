using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Infrastructure.Idempotency;

/// <summary>
/// Idempotency-Key (API.md): the first request with a key claims it inside its transaction; a
/// concurrent retry blocks on the key's row until the first commits, then replays its result.
/// </summary>
public sealed class IdempotencyStore(DbSession session, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static string Hash<T>(T request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    /// <summary>Claims the key, or returns the stored response of the request that claimed it first.</summary>
    public async Task<string?> ClaimAsync(string username, string key, string requestHash, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from idempotency_keys
            where username = @username
                and idempotency_key = @key
                and created_at < @expired
            """,
            new { username, key, expired = now - Retention }, tx, cancellationToken: ct));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            session.Dialect.InsertIgnore(
                "idempotency_keys",
                "username, idempotency_key, request_hash, created_at",
                "@username, @key, @requestHash, @now",
                "username, idempotency_key"),
            new { username, key, requestHash, now }, tx, cancellationToken: ct));
        if (inserted == 1)
        {
            return null;
        }

        var stored = await connection.QuerySingleAsync<(string RequestHash, string? Response)>(new CommandDefinition(
            """
            select request_hash, response
            from idempotency_keys
            where username = @username
                and idempotency_key = @key
            """,
            new { username, key }, tx, cancellationToken: ct));
        if (stored.RequestHash != requestHash)
        {
            throw new UnprocessableException(
                $"Idempotency-Key '{key}' was already used with a different request body; use a new key for a new request.",
                "idempotency-key-reused");
        }

        return stored.Response ?? throw new ConflictException(
            $"A request with Idempotency-Key '{key}' is still being processed; retry shortly.", "idempotency-in-progress");
    }

    public async Task CompleteAsync(string username, string key, int statusCode, string response, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update idempotency_keys
            set status_code = @statusCode, response = @response
            where username = @username
                and idempotency_key = @key
            """,
            new { username, key, statusCode, response }, session.Transaction, cancellationToken: ct));
    }
}
