using System.Net;
using System.Net.Http.Json;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Users;

public sealed class UsersTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Sign_in_returns_a_token_and_the_user_and_bad_credentials_are_401()
    {
        var anonymous = server.Anonymous();
        var ok = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "review1", password = ApiServer.Password });
        var body = await ApiCalls.Body(ok);
        body["accessToken"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        body["expiresIn"]!.GetValue<int>().ShouldBeGreaterThan(0);
        body["user"]!["username"]!.GetValue<string>().ShouldBe("review1");
        body["user"]!["department"]!.GetValue<string>().ShouldBe("review-ops");
        body["user"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["partner"]);

        await ApiCalls.Problem(await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "review1", password = "wrong-password" }), HttpStatusCode.Unauthorized);
        await ApiCalls.Problem(await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "nobody", password = ApiServer.Password }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_with_the_given_role_and_department()
    {
        var admin = await server.SignIn("admin");
        var created = await admin.PostAsJsonAsync("/api/users", new { username = "legal1", displayName = "法务 1", password = "a-strong-pass", roles = new[] { "partner" }, department = "legal" });
        await ApiCalls.Expect(created, HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/api/users/legal1");
        var body = await ApiCalls.Body(created);
        body["displayName"]!.GetValue<string>().ShouldBe("法务 1");
        body.ToJsonString().ShouldNotContain("password", Case.Insensitive);

        var hash = await server.Scalar<string>("select password_hash from users where username = 'legal1'");
        hash.ShouldNotContain("a-strong-pass");
        var legal = await server.SignIn("legal1", "a-strong-pass");
        await ApiCalls.Problem(await legal.GetAsync("/api/board"), HttpStatusCode.Forbidden);

        var list = await ApiCalls.GetJson(admin, "/api/users?pageSize=200");
        list["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()).ShouldContain("legal1");

        await ApiCalls.Problem(
            await admin.PostAsJsonAsync("/api/users", new { username = "legal1", displayName = "again", password = "a-strong-pass", roles = new[] { "partner" }, department = "legal" }),
            HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("short-pw", "partner", "legal", "password")]
    [InlineData("long-enough-pw", "superuser", "legal", "roles")]
    [InlineData("long-enough-pw", "partner", "marketing", "department")]
    public async Task Invalid_users_are_400_naming_the_field(string password, string role, string department, string field)
    {
        var admin = await server.SignIn("admin");
        var before = await server.Scalar<long>("select count(*) from users");
        var problem = await ApiCalls.Problem(
            await admin.PostAsJsonAsync("/api/users", new { username = "x" + Guid.NewGuid().ToString("N")[..8], displayName = "X", password, roles = new[] { role }, department }),
            HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
        (await server.Scalar<long>("select count(*) from users")).ShouldBe(before);
    }

    [Fact]
    public async Task Disabling_a_user_stops_sign_in_and_the_tokens_already_issued()
    {
        var admin = await server.SignIn("admin");
        (await admin.PostAsJsonAsync("/api/users", new { username = "comms1", displayName = "Comms", password = "comms-pass-123", roles = new[] { "partner" }, department = "comms" })).EnsureSuccessStatusCode();
        var comms = await server.SignIn("comms1", "comms-pass-123");
        (await comms.GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PutAsJsonAsync("/api/users/comms1", new { disabled = true })).EnsureSuccessStatusCode();
        (await comms.GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await server.Anonymous().PostAsJsonAsync("/api/auth/token", new { username = "comms1", password = "comms-pass-123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Moving_a_user_to_another_department_takes_effect_at_once()
    {
        var admin = await server.SignIn("admin");
        (await admin.PostAsJsonAsync("/api/users", new { username = "mover", displayName = "Mover", password = "mover-pass-123", roles = new[] { "partner" }, department = "data" })).EnsureSuccessStatusCode();
        var mover = await server.SignIn("mover", "mover-pass-123");
        (await admin.PutAsJsonAsync("/api/users/mover", new { department = "product", roles = new[] { "partner" } })).EnsureSuccessStatusCode();
        (await mover.GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var again = await server.SignIn("mover", "mover-pass-123");
        (await again.GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Updating_an_unknown_user_is_404()
    {
        var admin = await server.SignIn("admin");
        await ApiCalls.Problem(await admin.PutAsJsonAsync("/api/users/ghost", new { displayName = "Ghost" }), HttpStatusCode.NotFound);
    }
}
