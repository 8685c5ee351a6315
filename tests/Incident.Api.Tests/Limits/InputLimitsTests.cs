using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Limits;

/// <summary>
/// Issue 11 item 1: no single request kills or hangs the process. Each limit of Incident:InputLimits is
/// exceeded once: the answer is a 4xx problem naming the limit, and the service still answers afterwards.
/// </summary>
public sealed class InputLimitsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_yaml_definition_nested_10000_levels_deep_is_400_naming_the_depth_limit_and_the_service_survives()
    {
        var admin = await server.SignIn("admin");
        var flow = "id: deep\nstart: a\nvariables: { x: " + new string('[', 10_000) + new string(']', 10_000) + " }\n";
        var block = new StringBuilder("id: deep\nstart: a\nvariables:\n");
        for (var i = 1; i <= 500; i++) // indented block style: 500 levels already take 125 KB
        {
            block.Append(' ', i).Append("x:\n");
        }

        foreach (var yaml in new[] { flow, block.ToString() })
        {
            var problem = await Limit(await PostDefinition(admin, yaml, "application/yaml"), HttpStatusCode.BadRequest, "MaxDepth", 64);
            problem["detail"]!.GetValue<string>().ShouldContain("nesting deeper than 64 levels");
            await StillAnswers();
        }
    }

    [Fact]
    public async Task A_json_definition_nested_10000_levels_deep_is_400_naming_the_depth_limit()
    {
        var admin = await server.SignIn("admin");
        var json = """{"id":"deep","start":"a","variables":{"x":""" + new string('[', 10_000) + new string(']', 10_000) + "}}";
        var problem = await Limit(await PostDefinition(admin, json, "application/json"), HttpStatusCode.BadRequest, "MaxDepth", 64);
        problem["detail"]!.GetValue<string>().ShouldContain("nesting deeper than 64 levels");
        await StillAnswers();
    }

    [Fact]
    public async Task A_yaml_alias_bomb_is_refused_within_seconds_naming_the_node_limit()
    {
        var admin = await server.SignIn("admin");
        // "Billion laughs": nine levels of nine aliases, 9^9 strings once expanded, from a few hundred bytes.
        var yaml = new StringBuilder("id: bomb\nstart: a\nvariables:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(FormattableString.Invariant($"  {level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n"));
        }

        // A hang is a cancelled request (the test fails with TaskCanceledException), not a slow assertion.
        using var timeout = new CancellationTokenSource(Patience);
        var response = await PostDefinition(admin, yaml.ToString(), "application/yaml", timeout.Token);
        var problem = await Limit(response, HttpStatusCode.BadRequest, "MaxDocumentNodes", 100_000);
        problem["detail"]!.GetValue<string>().ShouldContain("counting each alias as the nodes it expands to");
        await StillAnswers();
    }

    [Fact]
    public async Task More_yaml_aliases_than_the_limit_are_400_and_a_recursive_alias_is_refused()
    {
        var admin = await server.SignIn("admin");
        var many = "id: aliases\nstart: a\nvariables:\n  one: &one 1\n  many: [" + string.Join(", ", Enumerable.Repeat("*one", 101)) + "]\n";
        await Limit(await PostDefinition(admin, many, "application/yaml"), HttpStatusCode.BadRequest, "MaxYamlAliases", 100);

        using var timeout = new CancellationTokenSource(Patience);
        var recursive = "id: loop\nstart: a\nvariables: &loop\n  again: *loop\n";
        var problem = await Limit(await PostDefinition(admin, recursive, "application/yaml", timeout.Token), HttpStatusCode.BadRequest, "MaxDepth", 64);
        problem["detail"]!.GetValue<string>().ShouldContain("recursive alias");
        await StillAnswers();
    }

    [Fact]
    public async Task A_json_definition_with_more_values_than_the_node_limit_is_400()
    {
        var admin = await server.SignIn("admin");
        var json = """{"id":"wide","start":"a","variables":{"x":[""" + string.Join(",", Enumerable.Repeat("0", 100_001)) + "]}}";
        await Limit(await PostDefinition(admin, json, "application/json"), HttpStatusCode.BadRequest, "MaxDocumentNodes", 100_000);
    }

    [Fact]
    public async Task A_definition_over_the_document_size_limit_is_413_naming_it()
    {
        var admin = await server.SignIn("admin");
        var yaml = "id: big\nstart: a\ndescription: \"" + new string('x', 600_000) + "\"\n";
        await Limit(await PostDefinition(admin, yaml, "application/yaml"), HttpStatusCode.RequestEntityTooLarge, "MaxDefinitionChars", 512 * 1024);
    }

    public static TheoryData<string, string, string> DeepBodies => new()
    {
        // Where each route takes a JSON value of any shape (or ignores unknown members), so only the depth can refuse it.
        { "/api/incidents", "operator1", """{"unknown":@}""" },
        { "/api/workflows", "admin", """{"id":"deep","variables":{"x":@}}""" },
        { "/api/signals", "operator1", """{"series":{"businessLine":"douyin","category":"fraud-scam","metric":"deep"},"points":[{"timestamp":@,"value":1}]}""" },
        { "/api/incidents/{id}/actions", "operator1", """{"action":"triage","input":{"note":@}}""" },
    };

    [Theory]
    [MemberData(nameof(DeepBodies))]
    public async Task A_json_body_nested_deeper_than_64_levels_is_400_on_every_route(string path, string user, string body)
    {
        var client = await server.SignIn(user);
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            path = path.Replace("{id}", (await ApiCalls.Open(client))["id"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var json = body.Replace("@", new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal);
        var problem = await Limit(await PostText(client, path, json, "application/json"), HttpStatusCode.BadRequest, "MaxDepth", 64);
        problem["detail"]!.GetValue<string>().ShouldContain("nesting deeper than 64 levels");
        await StillAnswers();
    }

    [Theory]
    [InlineData("/api/incidents", 1_100_000, "MaxRequestBodyBytes", 1024 * 1024)]
    [InlineData("/api/workflows", 1_100_000, "MaxRequestBodyBytes", 1024 * 1024)]
    [InlineData("/api/signals", 4_300_000, "MaxSignalsBodyBytes", 4 * 1024 * 1024)]
    public async Task A_body_over_the_route_limit_is_413_naming_the_limit(string path, int size, string limit, long max)
    {
        var client = await server.SignIn("admin");
        var json = """{"title":"t","summary":" """ + new string('s', size) + "\"}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true; // the server refuses before the body is sent (see BadInputTests)
        await Limit(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, limit, max);
    }

    public static TheoryData<string, string> CsvRoutes => new()
    {
        { "/api/incident-samples", "externalId,text" },
        { "/api/signals?businessLine=douyin&category=fraud-scam&metric=limits", "timestamp,value" },
        { "/api/governance/enforcements", "externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision" },
        { "/api/governance/appeals", "enforcementExternalId,statement" },
    };

    [Theory]
    [MemberData(nameof(CsvRoutes))]
    public async Task A_csv_line_over_the_line_limit_is_400_naming_it_on_every_csv_route(string route, string header)
    {
        var client = await server.SignIn("operator1");
        var path = await CsvPath(client, route);
        var csv = header + "\n" + "x," + new string('y', 70_000) + "\n";
        var problem = await Limit(await PostText(client, path, csv, "text/csv"), HttpStatusCode.BadRequest, "MaxCsvLineChars", 64 * 1024);
        problem["errors"]!["line 2"].ShouldNotBeNull();

        // An unclosed quote would make the rest of the upload one field: the same limit stops it.
        if (!route.StartsWith("/api/signals", StringComparison.Ordinal))
        {
            var unclosed = header + "\n\"x," + string.Concat(Enumerable.Repeat("a line of text\n", 5_000));
            await Limit(await PostText(client, path, unclosed, "text/csv"), HttpStatusCode.BadRequest, "MaxCsvLineChars", 64 * 1024);
        }
    }

    [Theory]
    [MemberData(nameof(CsvRoutes))]
    public async Task A_csv_with_more_columns_than_the_limit_is_400_naming_it(string route, string header)
    {
        var client = await server.SignIn("operator1");
        var path = await CsvPath(client, route);
        var wide = string.Join(",", Enumerable.Range(0, 65).Select(i => $"c{i}"));
        var response = await PostText(client, path, wide + "\n" + header + "\n", "text/csv");
        if (route.StartsWith("/api/signals", StringComparison.Ordinal))
        {
            // Two fixed columns: any other header is refused as such, before columns are counted.
            (await ApiCalls.Problem(response, HttpStatusCode.BadRequest))["errors"]!["csv"]!.ToJsonString().ShouldContain("timestamp,value");
            return;
        }

        var problem = await Limit(response, HttpStatusCode.BadRequest, "MaxCsvColumns", 64);
        problem["errors"]!["line 1"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Report_markdown_over_the_size_limit_or_nested_past_rendering_is_400_naming_it()
    {
        var op = await server.SignIn("operator1");
        var incident = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var draft = await op.PostAsJsonAsync($"/api/incidents/{incident}/reports", new { kind = "flash" });
        await ApiCalls.Expect(draft, HttpStatusCode.Created);
        var id = (await ApiCalls.Body(draft))["id"]!.GetValue<string>();

        var tooLong = await Limit(
            await op.PutAsJsonAsync($"/api/reports/{id}", new { markdown = new string('x', 200_001) }), HttpStatusCode.BadRequest, "MaxReportMarkdownChars", 200_000);
        tooLong["errors"]!["markdown"].ShouldNotBeNull();

        var nested = await ApiCalls.Problem(
            await op.PutAsJsonAsync($"/api/reports/{id}", new { markdown = new string('>', 100_000) + " deep" }), HttpStatusCode.BadRequest);
        nested["errors"]!["markdown"]![0]!.GetValue<string>().ShouldContain("too deeply nested");
        (await op.GetAsync($"/api/reports/{id}/export?format=html")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await StillAnswers();
    }

    /// <summary>Asserts an input-limit problem naming the setting and its value.</summary>
    private static async Task<JsonNode> Limit(HttpResponseMessage response, HttpStatusCode status, string limit, long max)
    {
        var problem = await ApiCalls.Problem(response, status);
        problem["type"]!.GetValue<string>().ShouldEndWith("/input-limit");
        problem["limit"]!.GetValue<string>().ShouldBe($"Incident:InputLimits:{limit}");
        problem["max"]!.GetValue<long>().ShouldBe(max);
        problem["detail"]!.GetValue<string>().ShouldContain($"Incident:InputLimits:{limit}");
        return problem;
    }

    private async Task StillAnswers()
    {
        using var client = server.Anonymous();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<string> CsvPath(HttpClient client, string route) =>
        route == "/api/incident-samples" ? $"/api/incidents/{(await ApiCalls.Open(client))["id"]!.GetValue<string>()}/samples" : route;

    private static Task<HttpResponseMessage> PostDefinition(HttpClient client, string document, string mediaType, CancellationToken ct = default) =>
        PostText(client, "/api/workflows", document, mediaType, ct);

    internal static async Task<HttpResponseMessage> PostText(HttpClient client, string path, string body, string mediaType, CancellationToken ct = default)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        return await client.PostAsync(path, content, ct);
    }
}
