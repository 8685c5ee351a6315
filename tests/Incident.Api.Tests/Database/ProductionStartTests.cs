using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Database;

/// <summary>A configured (production) database gets no demo users and never a default password.</summary>
public sealed class ProductionStartTests
{
    [Fact]
    public async Task A_production_database_refuses_to_start_without_a_bootstrap_admin_password()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = IncidentApp.Build(Args(database));
        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.PrepareAsync());
        error.Message.ShouldContain("Incident__BootstrapAdminPassword");
    }

    [Fact]
    public async Task A_production_database_starts_with_one_admin_and_no_demo_users()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = IncidentApp.Build([.. Args(database), "--Incident:BootstrapAdminPassword=first-admin-secret"]))
        {
            await app.PrepareAsync();
        }

        // A second start needs no password any more and adds no one.
        await using var again = IncidentApp.Build(Args(database));
        await again.PrepareAsync();
        await using var connection = Incident.Api.Infrastructure.Database.SqlDialect.For(database.Provider, database.ConnectionString).CreateConnection();
        await connection.OpenAsync();
        var users = (await Dapper.SqlMapper.QueryAsync<string>(connection, "select username from users")).ToList();
        users.ShouldBe(["admin"]);
    }

    [Fact]
    public void A_production_database_without_a_signing_key_is_refused()
    {
        var error = Should.Throw<InvalidOperationException>(() => IncidentApp.Build(
        [
            "--Incident:Database:Provider=Sqlite",
            "--Incident:Database:ConnectionString=Data Source=:memory:",
        ]));
        error.Message.ShouldContain("Incident__Auth__SigningKey");
    }

    private static string[] Args(TestDatabase database) =>
    [
        "--urls=http://127.0.0.1:0",
        $"--Incident:Database:Provider={database.Provider}",
        $"--Incident:Database:ConnectionString={database.ConnectionString}",
        $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
        "--Logging:LogLevel:Default=Error",
    ];
}
