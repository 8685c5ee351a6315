using System.Net.Http.Headers;
using System.Net.Http.Json;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Faults;

/// <summary>
/// The fault tests (issue 11 item 4) run real service processes on PostgreSQL and kill them or their
/// database. They carry this trait; scripts/test.sh runs them in the postgres pass only.
/// </summary>
public static class FaultCalls
{
    public const string Trait = "Faults";

    public static void RequirePostgres() =>
        TestDatabase.ProviderUnderTest.ShouldBe(
            DatabaseProvider.Postgres,
            "the fault tests are PostgreSQL tests; scripts/test.sh runs them with INCIDENT_TEST_PROVIDER=postgres (and excludes Category=Faults on SQLite)");

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(200);
        }
    }

    public static async Task<HttpClient> SignIn(Uri baseAddress, string username, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LiveClient.TokenFor(baseAddress, username));
        return client;
    }

    public static HttpRequestMessage OpenRequest(string key, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(ApiCalls.NewIncident(title: title)),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    public static HttpRequestMessage HandoffRequest(string incidentId, int acceptWithinMinutes = 1) =>
        new(HttpMethod.Post, $"/api/incidents/{incidentId}/handoffs")
        {
            Content = JsonContent.Create(new { toDepartment = "review-ops", note = "Please take down matching content", acceptWithinMinutes }),
        };
}
