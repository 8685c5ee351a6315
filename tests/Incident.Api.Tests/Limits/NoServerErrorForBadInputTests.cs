using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Limits;

/// <summary>Issue 11 item 2: never a 500 for bad input; each is a 4xx problem naming the problem and the field.</summary>
public sealed class NoServerErrorForBadInputTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Definition = """
        {"id":"dup-start","start":"a","start":"b",
         "activities":[{"id":"a","type":"Finish","resolution":"done"},{"id":"b","type":"Finish","resolution":"done"}]}
        """;

    [Fact]
    public async Task A_samples_array_with_a_null_element_is_400_naming_the_element()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var response = await InputLimitsTests.PostText(op, $"/api/incidents/{id}/samples", """[{"externalId":"a","text":"t"},null]""", "application/json");
        var problem = await ApiCalls.Problem(response, HttpStatusCode.BadRequest);
        problem["errors"]!["[1]"]![0]!.GetValue<string>().ShouldContain("not null");
        (await ApiCalls.GetJson(op, $"/api/incidents/{id}/samples"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_null_point_or_a_null_tag_is_400_naming_the_element()
    {
        var op = await server.SignIn("operator1");
        var points = await ApiCalls.Problem(await InputLimitsTests.PostText(op, "/api/signals",
            """{"series":{"businessLine":"douyin","category":"fraud-scam","metric":"nulls"},"points":[{"timestamp":"2026-11-01T00:00:00Z","value":1},null]}""",
            "application/json"), HttpStatusCode.BadRequest);
        points["errors"]!["points[1]"]![0]!.GetValue<string>().ShouldContain("not null");

        var tags = await ApiCalls.Problem(await InputLimitsTests.PostText(op, "/api/incidents",
            """{"title":"t","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator","tags":["a",null]}""",
            "application/json"), HttpStatusCode.BadRequest);
        tags["errors"]!["tags[1]"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_bad_point_field_is_reported_under_the_field_itself()
    {
        var op = await server.SignIn("operator1");
        var problem = await ApiCalls.Problem(await InputLimitsTests.PostText(op, "/api/signals",
            """{"series":{"businessLine":"douyin","category":"fraud-scam","metric":"fields"},"points":[{"timestamp":"soon","value":1},{"timestamp":"2026-11-01T00:01:00Z","value":"many"}]}""",
            "application/json"), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        errors["points[0].timestamp"]![0]!.GetValue<string>().ShouldContain("not a date and time");
        errors["points[1].value"]![0]!.GetValue<string>().ShouldContain("not a number");
        errors.ContainsKey("points[0]").ShouldBeFalse();

        var shape = await ApiCalls.Problem(await InputLimitsTests.PostText(op, "/api/incidents",
            """{"title":5,"businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "application/json"),
            HttpStatusCode.BadRequest);
        shape["errors"]!["title"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_json_definition_naming_start_twice_is_400_naming_the_duplicate()
    {
        var admin = await server.SignIn("admin");
        var problem = await ApiCalls.Problem(await InputLimitsTests.PostText(admin, "/api/workflows", Definition, "application/json"), HttpStatusCode.BadRequest);
        problem["type"]!.GetValue<string>().ShouldEndWith("/duplicate-member");
        problem["errors"]!["start"]![0]!.GetValue<string>().ShouldContain("duplicate member 'start'");

        var yaml = "id: dup-yaml\nstart: a\nstart: b\nactivities:\n  - { id: a, type: Finish, resolution: done }\n";
        var again = await ApiCalls.Problem(await InputLimitsTests.PostText(admin, "/api/workflows", yaml, "application/yaml"), HttpStatusCode.BadRequest);
        again["type"]!.GetValue<string>().ShouldEndWith("/duplicate-member");
        again["errors"]!["start"]![0]!.GetValue<string>().ShouldContain("duplicate key 'start'");
    }

    [Theory]
    [InlineData("id: [unclosed")]
    [InlineData("id: x\nactivities: [ { id: a, type: Finish }\nstart: a\n")]
    public async Task A_yaml_syntax_error_is_422_naming_it(string yaml)
    {
        var admin = await server.SignIn("admin");
        var problem = await ApiCalls.Problem(await InputLimitsTests.PostText(admin, "/api/workflows", yaml, "application/yaml"), HttpStatusCode.UnprocessableEntity);
        problem["problems"]![0]!["message"]!.GetValue<string>().ShouldContain("YAML syntax error");
    }

    [Theory]
    [InlineData("/api/incidents", """{"title":"a","title":"b","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "title")]
    [InlineData("/api/incidents", """{"title":"a","Title":"b","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""", "Title")]
    [InlineData("/api/signals", """{"series":{"businessLine":"douyin","businessLine":"tiktok-live","category":"fraud-scam","metric":"m"},"points":[]}""", "series.businessLine")]
    [InlineData("/api/governance/enforcements", """{"records":[],"records":[]}""", "records")]
    public async Task A_json_member_named_twice_is_400_on_every_route(string path, string json, string field)
    {
        var op = await server.SignIn("operator1");
        var before = await server.Scalar<long>("select count(*) from incidents");
        var problem = await ApiCalls.Problem(await InputLimitsTests.PostText(op, path, json, "application/json"), HttpStatusCode.BadRequest);
        problem["type"]!.GetValue<string>().ShouldEndWith("/duplicate-member");
        problem["errors"]![field]![0]!.GetValue<string>().ShouldContain("duplicate member");
        (await server.Scalar<long>("select count(*) from incidents")).ShouldBe(before);
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_400_and_open_nothing()
    {
        var op = await server.SignIn("operator1");
        var token = op.DefaultRequestHeaders.Authorization!.Parameter!;
        var before = await server.Scalar<long>("select count(*) from incidents");
        var body = """{"title":"Twice keyed","businessLine":"douyin","category":"fraud-scam","severity":"S2","source":"operator"}""";

        // Raw HTTP: HttpClient folds repeated headers into one line; curl -H twice, as the issue did, sends two.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request =
            $"POST /api/incidents HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: application/json\r\nIdempotency-Key: first\r\nIdempotency-Key: second\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = await reader.ReadToEndAsync(timeout.Token);

        response.ShouldStartWith("HTTP/1.1 400");
        response.ShouldContain("application/problem+json");
        response.ShouldContain("Send one Idempotency-Key header, not 2.");
        (await server.Scalar<long>("select count(*) from incidents")).ShouldBe(before);
    }

    public static TheoryData<string, string> CsvRoutes => new()
    {
        { "/api/incident-samples", "externalId,text\nx1,fine\nx2," },
        { "/api/signals?businessLine=douyin&category=fraud-scam&metric=utf8", "timestamp,value\n2026-11-01 00:00:00,1\n2026-11-01 00:01:00," },
        { "/api/governance/enforcements", "externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision\ne1,r,guild,g1,2026-11-01T00:00:00Z,true,not\ne2," },
        { "/api/governance/appeals", "enforcementExternalId,statement\ne1,fine\ne2," },
    };

    [Theory]
    [MemberData(nameof(CsvRoutes))]
    public async Task Invalid_utf8_in_a_csv_upload_is_400_naming_the_line(string route, string csv)
    {
        var op = await server.SignIn("operator1");
        var path = route == "/api/incident-samples" ? $"/api/incidents/{(await ApiCalls.Open(op))["id"]!.GetValue<string>()}/samples" : route;
        // "文" in GBK (0xCE 0xC4) is no UTF-8: a file saved in another encoding.
        byte[] bytes = [.. Encoding.UTF8.GetBytes(csv), 0xCE, 0xC4, .. "\n"u8];
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var problem = await ApiCalls.Problem(await op.PostAsync(path, content), HttpStatusCode.BadRequest);
        problem["errors"]!["line 3"]![0]!.GetValue<string>().ShouldContain("not valid UTF-8");
    }
}
