using System.Security.Claims;

namespace Incident.Api.Infrastructure.Auth;

public static class Roles
{
    public const string Operator = "operator";
    public const string Partner = "partner";
    public const string Leader = "leader";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Operator, Partner, Leader, Admin];
}

public static class IncidentClaims
{
    public const string Department = "department";
    public const string DisplayName = "name";
    public const string Username = "sub";
    public const string Role = "role";
}

/// <summary>Who is asking: the signed-in user as the token says. Handlers decide with it.</summary>
public sealed record Viewer(string Username, string DisplayName, IReadOnlyList<string> Roles, string Department)
{
    /// <summary>Operators, leaders and admins see every incident (API.md "Visibility").</summary>
    public bool SeesAllIncidents => Is(Auth.Roles.Operator) || Is(Auth.Roles.Leader) || Is(Auth.Roles.Admin);

    /// <summary>Open, edit, request handoffs, attach samples, draft reports.</summary>
    public bool MayWorkIncidents => SeesAllIncidents;

    public bool IsLeaderOrAdmin => Is(Auth.Roles.Leader) || Is(Auth.Roles.Admin);

    public bool Is(string role) => Roles.Contains(role);

    public static Viewer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(IncidentClaims.Username) ?? throw new InvalidOperationException("Token without subject."),
        principal.FindFirstValue(IncidentClaims.DisplayName) ?? "",
        principal.FindAll(IncidentClaims.Role).Select(c => c.Value).ToArray(),
        principal.FindFirstValue(IncidentClaims.Department) ?? "");
}
