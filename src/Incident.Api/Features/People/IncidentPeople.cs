using Incident.Api.Features.Incidents;
using Incident.Api.Features.Users;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Features.People;

/// <summary>Who may be named on an incident: an enabled user who may see it (API.md "Visibility").</summary>
public static class IncidentPeople
{
    /// <summary>The named user, or 400 on <paramref name="field"/> when unknown or disabled.</summary>
    public static async Task<Viewer> ResolveAsync(UserStore users, string username, string field, CancellationToken ct)
    {
        var user = await users.FindAsync(username.Trim(), ct);
        if (user is null || user.Disabled)
        {
            throw ValidationFailedException.For(field, $"'{username}' is not an enabled user.");
        }

        return new Viewer(user.Username, user.DisplayName, user.RoleList, user.Department);
    }

    /// <summary>400 on <paramref name="field"/> when the user may not see the incident (it would be 404 for them).</summary>
    public static void EnsureMaySee(Viewer user, RiskIncident incident, string field)
    {
        if (!user.SeesAllIncidents && !incident.Departments.Contains(user.Department))
        {
            throw ValidationFailedException.For(
                field, $"'{user.Username}' cannot see {incident.Key}: their department is not involved in it.");
        }
    }

    /// <summary>"me" stands for the caller in filters.</summary>
    public static string? Me(string? username, Viewer viewer) =>
        string.Equals(username, "me", StringComparison.OrdinalIgnoreCase) ? viewer.Username : username;
}
