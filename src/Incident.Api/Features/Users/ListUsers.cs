using Dapper;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;

namespace Incident.Api.Features.Users;

public sealed record ListUsers(int? Page, int? PageSize, Viewer Viewer) : IQuery<Paged<UserView>>;

internal sealed class ListUsersValidator : IValidator<ListUsers>
{
    public ValueTask ValidateAsync(ListUsers request, ValidationErrors errors, CancellationToken ct)
    {
        Paging.Check(request.Page, request.PageSize, errors);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ListUsersHandler(DbSession session) : IRequestHandler<ListUsers, Paged<UserView>>
{
    public async Task<Paged<UserView>> Handle(ListUsers request, CancellationToken ct)
    {
        if (!request.Viewer.Is(Roles.Admin))
        {
            throw new ForbiddenException("Only admins manage users.");
        }

        var (page, pageSize) = Paging.Resolve(request.Page, request.PageSize);
        var connection = await session.ConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>("select count(*) from users");
        var rows = await connection.QueryAsync<UserAccount>(new CommandDefinition(
            $"""
            select {UserStore.Columns}
            from users
            order by username
            {session.Dialect.Page}
            """,
            new { skip = (page - 1) * pageSize, take = pageSize }, cancellationToken: ct));
        return new Paged<UserView>([.. rows.Select(UserView.From)], total, page, pageSize);
    }
}
