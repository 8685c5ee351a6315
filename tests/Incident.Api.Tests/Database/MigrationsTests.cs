using System.Net;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Database;

public sealed class MigrationsTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Every_migration_of_the_provider_is_applied_from_empty_and_a_second_run_applies_nothing()
    {
        var dialect = server.Services.GetRequiredService<SqlDialect>();
        var scripts = MigrationRunner.Scripts(dialect.Provider);
        scripts.Count.ShouldBeGreaterThanOrEqualTo(5);
        (await server.Scalar<long>("select count(*) from schema_migrations")).ShouldBe(scripts.Count);

        var applied = await server.Services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
        applied.ShouldBe(0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_provider_has_the_same_migrations(DatabaseProvider provider)
    {
        var names = MigrationRunner.Scripts(provider).Select(s => s.Name).ToList();
        names.ShouldBe(MigrationRunner.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList());
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Reference_data_is_seeded_by_migration()
    {
        var client = await server.SignIn("operator1");
        var reference = await ApiCalls.GetJson(client, "/api/reference");
        reference["businessLines"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()).ShouldBe(["douyin", "tiktok-live"]);
        reference["categories"]!.AsArray().Select(c => c!["code"]!.GetValue<string>())
            .ShouldBe(["fraud-scam", "guild-violation", "illegal-content", "low-quality-surge", "minor-safety", "misinformation"]);
        reference["departments"]!.AsArray().Select(d => d!["code"]!.GetValue<string>())
            .ShouldBe(["comms", "data", "legal", "live-guild-ops", "product", "review-ops", "risk-ops"]);
        reference["departments"]!.AsArray().First(d => d!["code"]!.GetValue<string>() == "risk-ops")!["nameZh"]!.GetValue<string>().ShouldBe("风险运营");
        reference["severities"]!.AsArray().Count.ShouldBe(4);
        reference["roles"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task Health_and_openapi_answer_without_a_token()
    {
        var anonymous = server.Anonymous();
        (await anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var openApi = await ApiCalls.GetJson(anonymous, "/openapi/v1.json");
        openApi["paths"]!["/api/incidents"].ShouldNotBeNull();
        openApi["paths"]!["/api/handoffs/{id}/accept"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        var client = await server.SignIn("operator1");
        await ApiCalls.Problem(await client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
    }
}
