using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Users;

public static class UserRules
{
    public const int MinPasswordLength = 10;

    public static void CheckPassword(string? password, ValidationErrors errors) =>
        errors.Check(
            password is { Length: >= MinPasswordLength and <= 200 },
            "password",
            $"The password must be {MinPasswordLength} to 200 characters long.");

    public static void CheckRolesAndDepartment(string[]? roles, string? department, ReferenceData reference, ValidationErrors errors)
    {
        if (roles is null || roles.Length == 0)
        {
            errors.Add("roles", $"At least one role: {string.Join(", ", Infrastructure.Auth.Roles.All)}.");
        }
        else
        {
            foreach (var role in roles)
            {
                errors.OneOf(role, "roles", Infrastructure.Auth.Roles.All);
            }
        }

        errors.OneOf(department, "department", reference.DepartmentCodes);
    }
}
