using Incident.Api.Features.Users;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Auth;

public sealed record IssueTokenBody(string? Username, string? Password);

public sealed record IssueToken(IssueTokenBody Body) : IQuery<IssuedToken?>;

public sealed record IssuedToken(string AccessToken, int ExpiresIn, TokenUser User);

public sealed record TokenUser(string Username, string DisplayName, IReadOnlyList<string> Roles, string Department);

internal sealed class IssueTokenValidator : IValidator<IssueToken>
{
    public ValueTask ValidateAsync(IssueToken request, ValidationErrors errors, CancellationToken ct)
    {
        errors.Text(request.Body.Username, "username", 1, 64);
        errors.Text(request.Body.Password, "password", 1, 200);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Null means bad credentials (401): an unknown user and a wrong password look the same.</summary>
internal sealed class IssueTokenHandler(UserStore users, TokenIssuer issuer) : IRequestHandler<IssueToken, IssuedToken?>
{
    public async Task<IssuedToken?> Handle(IssueToken request, CancellationToken ct)
    {
        var user = await users.FindAsync(request.Body.Username!.Trim().ToLowerInvariant(), ct);
        if (user is null || user.Disabled || !UserStore.Verify(user, request.Body.Password!))
        {
            return null;
        }

        var viewer = new Viewer(user.Username, user.DisplayName, user.RoleList, user.Department);
        var (token, expiresIn) = issuer.Issue(viewer);
        return new IssuedToken(token, expiresIn, new TokenUser(user.Username, user.DisplayName, user.RoleList, user.Department));
    }
}
