using Incident.Api.Features.Reference;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Users;

public sealed record CreateUserBody(string? Username, string? DisplayName, string? Password, string[]? Roles, string? Department);

public sealed record CreateUser(CreateUserBody Body, Viewer Viewer) : ICommand<UserView>;

internal sealed class CreateUserValidator(ReferenceData reference) : IValidator<CreateUser>
{
    public ValueTask ValidateAsync(CreateUser request, ValidationErrors errors, CancellationToken ct)
    {
        var body = request.Body;
        errors.Text(body.Username, "username", 1, 64);
        errors.Check(
            body.Username is null || body.Username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'),
            "username",
            "A username uses ASCII letters, digits, '.', '-' and '_' only.");
        errors.Text(body.DisplayName, "displayName", 1, 100);
        UserRules.CheckPassword(body.Password, errors);
        UserRules.CheckRolesAndDepartment(body.Roles, body.Department, reference, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class CreateUserHandler(UserStore users, TimeProvider clock) : IRequestHandler<CreateUser, UserView>
{
    public async Task<UserView> Handle(CreateUser request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins manage users.");
        }

        var body = request.Body;
        var username = body.Username!.Trim().ToLowerInvariant();
        if (await users.FindAsync(username, ct) is not null)
        {
            throw new ConflictException($"User '{username}' already exists.", "user-exists");
        }

        var now = clock.GetUtcNow();
        var user = new UserAccount
        {
            Username = username,
            DisplayName = body.DisplayName!.Trim(),
            Roles = string.Join(',', body.Roles!.Distinct(StringComparer.Ordinal)),
            Department = body.Department!,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = UserStore.HashPassword(user, body.Password!);
        await users.InsertAsync(user, ct);
        return UserView.From(user);
    }
}
