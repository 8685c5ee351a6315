using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Incident.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    /// <summary>HMAC key (at least 32 characters) shared by every node. Never in the repository.</summary>
    public string? SigningKey { get; set; }

    public int TokenLifetimeMinutes { get; set; } = 480;

    public const string Issuer = "incident";

    public const string Audience = "incident-api";

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(
        SigningKey ?? throw new InvalidOperationException("Incident:Auth:SigningKey is not configured.")));
}

/// <summary>Signs bearer tokens (JWT, HS256) that every node can validate with the shared key.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    public (string Token, int ExpiresIn) Issue(Viewer user)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = clock.GetUtcNow();
        var claims = new List<Claim>
        {
            new(IncidentClaims.Username, user.Username),
            new(IncidentClaims.DisplayName, user.DisplayName),
            new(IncidentClaims.Department, user.Department),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(IncidentClaims.Role, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(options.Value.Key(), SecurityAlgorithms.HmacSha256),
        };
        return (new JsonWebTokenHandler().CreateToken(descriptor), (int)lifetime.TotalSeconds);
    }
}
