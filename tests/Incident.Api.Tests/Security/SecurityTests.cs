using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Incident.Api.Features.Auth;
using Incident.Api.Tests.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.Security;

/// <summary>A server with low limits, so a test reaches them in a few requests (issue 11 item 5).</summary>
public sealed class RateLimitedServer : ApiServer
{
    public const int SignIns = 3;
    public const int Requests = 5;

    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Incident:RateLimits:SignInPermitLimit={SignIns}",
        "--Incident:RateLimits:SignInWindow=00:10:00",
        $"--Incident:RateLimits:UserPermitLimit={Requests}",
        "--Incident:RateLimits:UserWindow=00:10:00",
    ];
}

/// <summary>Issue 11 item 5: sign-in and per-user rate limits (429 with Retry-After), README "Security".</summary>
public sealed class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task Failed_sign_ins_past_the_limit_are_429_with_retry_after_and_a_problem_naming_the_limit()
    {
        using var client = server.Anonymous();
        for (var i = 0; i < RateLimitedServer.SignIns; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "wrong-password" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ApiServer.Password });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(429);
        problem.GetProperty("limit").GetString().ShouldBe("Incident:RateLimits:SignInPermitLimit");
    }

    [Fact]
    public async Task Requests_of_one_user_past_the_limit_are_429_while_other_users_go_on()
    {
        var lead = await SignInDirectly("lead1");
        var other = await SignInDirectly("operator1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedServer.Requests; i++)
        {
            statuses.Add((await lead.GetAsync("/api/reference")).StatusCode);
        }

        statuses.Take(RateLimitedServer.Requests).ShouldAllBe(s => s == HttpStatusCode.OK);
        var refused = await lead.GetAsync("/api/reference");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString().ShouldBe("Incident:RateLimits:UserPermitLimit");
        (await other.GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // Tokens issued in-process: the sign-in limit of this server is spent by the test above.
    private async Task<HttpClient> SignInDirectly(string username)
    {
        var client = server.Anonymous();
        await using var scope = server.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new IssueToken(new IssueTokenBody(username, ApiServer.Password)));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued!.AccessToken);
        return client;
    }
}

/// <summary>Issue 11 item 5: security headers on API, static UI and the API reference page.</summary>
public sealed class SecurityHeaderTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Theory]
    [InlineData("/api/reference", false)]
    [InlineData("/health/live", false)]
    [InlineData("/api/no-such-route", false)]
    [InlineData("/openapi/v1.json", false)]
    [InlineData("/scalar", true)]
    public async Task Every_response_carries_the_security_headers(string path, bool apiReference)
    {
        using var client = await server.SignIn("admin");

        var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("default-src 'self'");
        if (!apiReference)
        {
            csp.ShouldNotContain("unsafe-inline");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
    }
}

/// <summary>Issue 11 item 5: a route's own stricter policy (the report export) is kept, with framing refused.</summary>
public sealed class OwnPolicyTests
{
    [Fact]
    public async Task A_route_that_sets_its_own_policy_keeps_it_and_framing_is_still_refused()
    {
        using var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]).Build();
        Incident.Api.Infrastructure.Security.SecurityHeaders.UseSecurityHeaders(app);
        app.MapGet("/own", (HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
            return "ok";
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.GetAsync("/own");

        response.Headers.GetValues("Content-Security-Policy").ShouldBe(["default-src 'none'; frame-ancestors 'none'"]);
        await app.StopAsync();
    }
}

/// <summary>Issue 11 item 5: the built UI is served under the strict policy and has nothing inline that it would block.</summary>
public sealed class UiSecurityHeaderTests(WebUiServer server) : IClassFixture<WebUiServer>
{
    [Fact]
    public async Task The_static_ui_carries_the_strict_policy_and_has_no_inline_script_or_style()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var index = await client.GetAsync("/");
        var html = await index.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"\\.?/(assets/[^\"]+\\.js)\"").Groups[1].Value;
        var asset = await client.GetAsync("/" + script);

        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        index.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldNotContain("unsafe-inline");
        html.ShouldNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", "an inline script would be blocked by script-src 'self'");
        html.ShouldNotContain("<style");
        html.ShouldNotContain(" style=");
        asset.StatusCode.ShouldBe(HttpStatusCode.OK);
        asset.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldContain("frame-ancestors 'none'");
        asset.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}
