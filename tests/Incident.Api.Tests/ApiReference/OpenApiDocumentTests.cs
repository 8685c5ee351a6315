using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incident.Api.Infrastructure.OpenApi;
using Incident.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Incident.Api.Tests.ApiReference;

/// <summary>
/// Issue 10 item 9: the OpenAPI document describes every operation it lists, and the reference page
/// built from it loads. Operations come from the served document, never from a list kept here.
/// </summary>
public sealed partial class OpenApiDocumentTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_has_a_summary_and_problem_responses_and_authorized_ones_require_the_bearer_scheme()
    {
        var document = await ApiCalls.GetJson(server.Anonymous(), ApiDocument.DocumentPath);
        var scheme = document["components"]?["securitySchemes"]?[ApiDocument.BearerScheme];
        scheme.ShouldNotBeNull();
        scheme["type"]?.GetValue<string>().ShouldBe("http");
        scheme["scheme"]?.GetValue<string>().ShouldBe("bearer");
        scheme["bearerFormat"]?.GetValue<string>().ShouldBe("JWT");

        var operations = Operations(document).ToList();
        var failures = new List<string>();
        foreach (var op in operations)
        {
            var endpoint = Endpoint(op);
            if (endpoint is null)
            {
                failures.Add($"{op.Name}: no endpoint of the app has this method and route");
                continue;
            }

            if (string.IsNullOrWhiteSpace(op.Body["summary"]?.GetValue<string>()))
            {
                failures.Add($"{op.Name}: no summary");
            }

            var responses = op.Body["responses"]?.AsObject() ?? [];
            var errors = responses.Where(r => r.Key.StartsWith('4')).ToList();
            if (errors.Count == 0)
            {
                failures.Add($"{op.Name}: no 4xx response");
            }

            failures.AddRange(errors
                .Where(r => r.Value?["content"]?["application/problem+json"]?["schema"] is null)
                .Select(r => $"{op.Name}: {r.Key} is not declared as application/problem+json"));

            if (ApiDocument.RequiresSignIn(endpoint.Metadata))
            {
                var bearer = op.Body["security"]?.AsArray().Any(requirement => requirement?[ApiDocument.BearerScheme] is not null) == true;
                if (!bearer)
                {
                    failures.Add($"{op.Name}: requires sign-in but not the {ApiDocument.BearerScheme} security scheme");
                }

                failures.AddRange(new[] { "401", "403" }.Where(code => responses[code] is null).Select(code => $"{op.Name}: requires sign-in but declares no {code}"));
            }
        }

        failures.ShouldBeEmpty();
        operations.Count.ShouldBeGreaterThan(50);
        operations.Count(op => op.Body["security"] is not null).ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task Every_POST_PUT_and_PATCH_that_takes_a_body_declares_its_request_body()
    {
        var document = await ApiCalls.GetJson(server.Anonymous(), ApiDocument.DocumentPath);
        var writes = Operations(document).Where(op => op.Method is "post" or "put" or "patch").ToList();
        writes.ShouldNotBeEmpty();

        // A write declares its body, or says on its endpoint that it takes none (ApiDocument.TakesNoBody).
        var failures = writes
            .Where(op => Endpoint(op) is { } endpoint && endpoint.Metadata.GetMetadata<TakesNoBodyMetadata>() is null)
            .Where(op => op.Body["requestBody"]?["content"]?.AsObject() is not { Count: > 0 })
            .Select(op => $"{op.Name}: no requestBody")
            .ToList();
        failures.ShouldBeEmpty();

        var bodiless = writes.Where(op => Endpoint(op)?.Metadata.GetMetadata<TakesNoBodyMetadata>() is not null).ToList();
        bodiless.Where(op => op.Body["requestBody"] is not null).Select(op => op.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_operation_that_requires_the_bearer_scheme_answers_401_problem_details_without_a_token()
    {
        var document = await ApiCalls.GetJson(server.Anonymous(), ApiDocument.DocumentPath);
        var anonymous = server.Anonymous();

        // API.md "Auth": every /api route but signing in needs the bearer token.
        Operations(document)
            .Where(op => op.Body["security"] is null && op.Name != "POST /api/auth/token")
            .Select(op => op.Name)
            .ShouldBeEmpty();

        var failures = new List<string>();
        foreach (var op in Operations(document).Where(op => op.Body["security"] is not null))
        {
            using var request = new HttpRequestMessage(new HttpMethod(op.Method.ToUpperInvariant()), Fill(op));
            if (op.Body["requestBody"]?["content"]?.AsObject().FirstOrDefault().Key is { } contentType)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, contentType);
            }

            using var response = await anonymous.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{op.Name}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_reference_page_loads_its_scripts_from_the_product_and_reads_the_OpenAPI_document()
    {
        var anonymous = server.Anonymous();
        using var page = await anonymous.GetAsync(ApiDocument.ReferencePath);
        await ApiCalls.Expect(page, HttpStatusCode.OK);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(ApiDocument.DocumentPath.TrimStart('/'));
        html.ShouldContain("<title>Incident API reference</title>");

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        scripts.ShouldNotBeEmpty();
        foreach (var script in scripts)
        {
            var url = new Uri(page.RequestMessage!.RequestUri!, script);
            url.Host.ShouldBe(server.BaseAddress.Host, $"{script} is not served by the product");
            using var asset = await anonymous.GetAsync(url);
            await ApiCalls.Expect(asset, HttpStatusCode.OK);
            asset.Content.Headers.ContentType?.MediaType.ShouldBe("text/javascript");
        }
    }

    private static IEnumerable<Operation> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select new Operation(path.Key, method.Key, method.Value!);

    private RouteEndpoint? Endpoint(Operation op) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => Normalized(e.RoutePattern.RawText) == op.Path
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(op.Method, StringComparer.OrdinalIgnoreCase) == true);

    /// <summary>The route as the document writes it: no constraints, no trailing slash.</summary>
    private static string Normalized(string? pattern)
    {
        var path = "/" + RouteConstraint().Replace(pattern ?? "", "}").Trim('/');
        return path.Replace("//", "/", StringComparison.Ordinal);
    }

    /// <summary>The operation's path with each parameter given a value its route constraint matches.</summary>
    private static string Fill(Operation op) =>
        PathParameter().Replace(op.Path, m =>
        {
            var schema = op.Body["parameters"]?.AsArray().FirstOrDefault(p => p?["name"]?.GetValue<string>() == m.Groups[1].Value)?["schema"];
            return schema?["format"]?.GetValue<string>() == "uuid" ? Guid.NewGuid().ToString()
                : schema?["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true ? "1"
                : "x";
        });

    [GeneratedRegex(@":[^}]+}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"{([^}]+)}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    private sealed record Operation(string Path, string Method, JsonNode Body)
    {
        public string Name => $"{Method.ToUpperInvariant()} {Path}";
    }
}
