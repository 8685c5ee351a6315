using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Users;

public sealed record UpdateUserBody(string? DisplayName, string? Password, string[]? Roles, string? Department, bool? Disabled);

public sealed record UpdateUser(string Username, UpdateUserBody Body, Viewer Viewer) : ICommand<UserView>;

internal sealed class UpdateUserValidator(ReferenceData reference) : IValidator<UpdateUser>
{
    public ValueTask ValidateAsync(UpdateUser request, ValidationErrors errors, CancellationToken ct)
    {
        var body = request.Body;
        if (body.DisplayName is not null)
        {
            errors.Text(body.DisplayName, "displayName", 1, 100);
        }

        if (body.Password is not null)
        {
            UserRules.CheckPassword(body.Password, errors);
        }

        if (body.Roles is not null || body.Department is not null)
        {
            UserRules.CheckRolesAndDepartment(body.Roles ?? ["operator"], body.Department ?? reference.DepartmentCodes.First(), reference, errors);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class UpdateUserHandler(UserStore users, TimeProvider clock) : IRequestHandler<UpdateUser, UserView>
{
    public async Task<UserView> Handle(UpdateUser request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins manage users.");
        }

        var user = await users.FindAsync(request.Username, ct) ?? throw new NotFoundException("user", request.Username);
        var body = request.Body;
        if (request.Username == request.Viewer.Username && (body.Disabled == true || body.Roles is { } r && !r.Contains(Roles.Admin)))
        {
            throw ValidationFailedException.For("roles", "An admin cannot disable or demote themselves; ask another admin.");
        }

        user.DisplayName = body.DisplayName?.Trim() ?? user.DisplayName;
        user.Roles = body.Roles is null ? user.Roles : string.Join(',', body.Roles.Distinct(StringComparer.Ordinal));
        user.Department = body.Department ?? user.Department;
        user.Disabled = body.Disabled ?? user.Disabled;
        if (body.Password is not null)
        {
            user.PasswordHash = UserStore.HashPassword(user, body.Password);
        }

        user.UpdatedAt = clock.GetUtcNow();
        if (!await users.UpdateAsync(user, ct))
        {
            throw new ConflictException($"User '{user.Username}' was changed meanwhile; reload and retry.", "stale-version");
        }

        return UserView.From(user);
    }
}
