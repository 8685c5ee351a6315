using System.Net;
using System.Net.Http.Json;
using Dapper;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Database;

/// <summary>An error nobody planned for is a 500 problem with a trace id, never the exception text, and rolls back.</summary>
public sealed class UnexpectedErrorTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_broken_database_gives_a_500_problem_without_internals_and_writes_nothing()
    {
        var client = await server.SignIn("operator1");
        var before = await server.Scalar<long>("select count(*) from incidents");
        var dialect = server.Services.GetRequiredService<SqlDialect>();
        await using (var connection = dialect.CreateConnection())
        {
            await connection.OpenAsync();
            // The incident insert succeeds; the timeline append that follows in the same transaction fails.
            await connection.ExecuteAsync("alter table events rename to events_gone");
        }

        var response = await client.PostAsJsonAsync("/api/incidents", ApiCalls.NewIncident());
        var problem = await ApiCalls.Problem(response, HttpStatusCode.InternalServerError);
        problem["traceId"].ShouldNotBeNull();
        var text = problem.ToJsonString();
        text.ShouldNotContain("events");
        text.ShouldNotContain("Exception");
        text.ShouldNotContain(" at ");
        (await server.Scalar<long>("select count(*) from incidents")).ShouldBe(before);
    }
}
