using Incident.Api.Features.Reference;
using Incident.Api.Features.Users;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace Incident.Api.Infrastructure.Hosting;

/// <summary>Before the server listens: migrate, load reference data, make sure someone can sign in, seed the workflows.</summary>
public static partial class StartupTasks
{
    public static readonly IReadOnlyList<(string Username, string DisplayName, string Role, string Department)> DemoUsers =
    [
        ("operator1", "On-duty operator 1", Roles.Operator, "risk-ops"),
        ("review1", "Review ops partner", Roles.Partner, "review-ops"),
        ("guild1", "Live guild ops partner", Roles.Partner, "live-guild-ops"),
        ("lead1", "Risk leadership", Roles.Leader, "risk-ops"),
        ("admin", "Administrator", Roles.Admin, "risk-ops"),
    ];

    public const string DemoPassword = "demo-pass-1";

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        await services.GetRequiredService<ReferenceData>().LoadAsync(ct);
        await EnsureUsersAsync(services, ct);
        await Features.Workflows.WorkflowSeed.EnsureAsync(services, ct);
        await Features.Incidents.Demo.IncidentDemo.EnsureAsync(services, ct);
        await Features.Governance.Demo.GovernanceDemo.EnsureAsync(services, ct);
    }

    private static async Task EnsureUsersAsync(IServiceProvider root, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<IOptions<IncidentOptions>>().Value;
        var session = services.GetRequiredService<DbSession>();
        var users = services.GetRequiredService<UserStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Incident.Startup");

        await session.BeginAsync(ct);
        var seeds = new List<(string Username, string DisplayName, string Role, string Department, string Password)>();
        if (options.SeedsDemoData)
        {
            seeds.AddRange(DemoUsers.Select(u => (u.Username, u.DisplayName, u.Role, u.Department, DemoPassword)));
        }
        else if (await users.FindAsync("admin", ct) is null && !await AnyUserAsync(session, ct))
        {
            var password = options.BootstrapAdminPassword;
            if (string.IsNullOrEmpty(password) || password.Length < UserRules.MinPasswordLength)
            {
                throw new InvalidOperationException(
                    "This database has no users. Start once with Incident__BootstrapAdminPassword set (at least " +
                    $"{UserRules.MinPasswordLength} characters) to create the first admin; it is never defaulted.");
            }

            seeds.Add(("admin", "Administrator", Roles.Admin, "risk-ops", password));
        }

        var now = clock.GetUtcNow();
        foreach (var seed in seeds)
        {
            if (await users.FindAsync(seed.Username, ct) is not null)
            {
                continue;
            }

            var user = new UserAccount
            {
                Username = seed.Username,
                DisplayName = seed.DisplayName,
                Roles = seed.Role,
                Department = seed.Department,
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.PasswordHash = UserStore.HashPassword(user, seed.Password);
            await users.InsertAsync(user, ct);
            LogSeeded(logger, seed.Username);
        }

        await session.CommitAsync(ct);
    }

    private static async Task<bool> AnyUserAsync(DbSession session, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = session.Transaction;
        command.CommandText = "select count(*) from users";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded user {Username}")]
    private static partial void LogSeeded(ILogger logger, string username);
}
