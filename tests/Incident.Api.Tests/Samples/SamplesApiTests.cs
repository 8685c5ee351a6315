using System.Net;
using System.Net.Http.Json;
using System.Text;
using Incident.Api.Tests.Infrastructure;

namespace Incident.Api.Tests.Samples;

public sealed class SamplesApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Samples_attached_as_json_and_csv_are_clustered_with_characteristics_and_every_sample_assigned()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var texts = LabelledTexts.Generate(240, topics: 4, seed: 17);
        var json = texts.Take(200).Select((t, i) => new { externalId = $"s{i}", text = t.Text, tags = new[] { "live" } }).ToArray();
        var attached = await op.PostAsJsonAsync($"/api/incidents/{id}/samples", json);
        await ApiCalls.Expect(attached, HttpStatusCode.Created);
        (await ApiCalls.Body(attached))["total"]!.GetValue<int>().ShouldBe(200);

        var csv = new StringBuilder("externalId,text,url,tags\n");
        foreach (var (t, i) in texts.Skip(200).Select((t, i) => (t, i)))
        {
            csv.Append($"c{i},\"{t.Text.Replace("\"", "\"\"")}\",https://example.com/v/{i},a|b\n");
        }

        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var fromCsv = await op.PostAsync($"/api/incidents/{id}/samples", content);
        await ApiCalls.Expect(fromCsv, HttpStatusCode.Created);
        (await ApiCalls.Body(fromCsv))["total"]!.GetValue<int>().ShouldBe(240);

        var run = await op.PostAsJsonAsync($"/api/incidents/{id}/clusters", new { clusters = 4 });
        await ApiCalls.Expect(run, HttpStatusCode.OK);
        var result = await ApiCalls.Body(run);
        var clusters = result["clusters"]!.AsArray();
        clusters.Count.ShouldBe(4);
        clusters.Sum(c => c!["size"]!.GetValue<int>()).ShouldBe(240);
        clusters.SelectMany(c => c!["members"]!.AsArray().Select(m => m!.GetValue<string>())).Distinct().Count().ShouldBe(240);
        clusters.ShouldAllBe(c => c!["terms"]!.AsArray().Count > 0 && c["summary"]!.GetValue<string>().Length > 0 && c["representatives"]!.AsArray().Count > 0);

        var latest = await ApiCalls.GetJson(op, $"/api/incidents/{id}/clusters");
        latest["id"]!.GetValue<string>().ShouldBe(result["id"]!.GetValue<string>());
        var timeline = await ApiCalls.GetJson(op, $"/api/incidents/{id}/timeline");
        timeline["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldContain("clusters.computed");
        var page = await ApiCalls.GetJson(op, $"/api/incidents/{id}/samples?pageSize=10&page=2");
        page["total"]!.GetValue<int>().ShouldBe(240);
        page["items"]!.AsArray().Count.ShouldBe(10);
    }

    [Fact]
    public async Task Cluster_representatives_come_with_the_text_and_url_of_the_attached_sample()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var texts = LabelledTexts.Generate(120, topics: 3, seed: 23);
        var attached = texts.Select((t, i) => new { externalId = $"r{i}", text = t.Text, url = i % 2 == 0 ? $"https://example.com/r/{i}" : null }).ToArray();
        (await op.PostAsJsonAsync($"/api/incidents/{id}/samples", attached)).EnsureSuccessStatusCode();
        var byId = attached.ToDictionary(a => a.externalId);

        var posted = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/incidents/{id}/clusters", new { clusters = 3 }));
        var latest = await ApiCalls.GetJson(op, $"/api/incidents/{id}/clusters");

        foreach (var run in new[] { posted, latest })
        {
            foreach (var cluster in run["clusters"]!.AsArray())
            {
                var representatives = cluster!["representatives"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
                var samples = cluster["representativeSamples"]!.AsArray();
                samples.Select(s => s!["externalId"]!.GetValue<string>()).ShouldBe(representatives);
                foreach (var sample in samples)
                {
                    var expected = byId[sample!["externalId"]!.GetValue<string>()];
                    sample["id"]!.GetValue<string>().ShouldBe(expected.externalId);
                    sample["text"]!.GetValue<string>().ShouldBe(expected.text);
                    (sample["url"]?.GetValue<string>()).ShouldBe(expected.url);
                }
            }
        }
    }

    [Fact]
    public async Task Clustering_chooses_k_automatically_when_absent()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        var texts = LabelledTexts.Generate(300, topics: 5, seed: 5);
        (await op.PostAsJsonAsync($"/api/incidents/{id}/samples", texts.Select((t, i) => new { externalId = $"a{i}", text = t.Text }).ToArray())).EnsureSuccessStatusCode();
        var result = await ApiCalls.Body(await op.PostAsJsonAsync($"/api/incidents/{id}/clusters", new { }));
        result["kChosenAutomatically"]!.GetValue<bool>().ShouldBeTrue();
        result["k"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(2);
        result["clusters"]!.AsArray().Sum(c => c!["size"]!.GetValue<int>()).ShouldBe(300);
    }

    [Fact]
    public async Task Re_uploading_an_external_id_replaces_the_sample()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        (await op.PostAsJsonAsync($"/api/incidents/{id}/samples", new[] { new { externalId = "x1", text = "第一版 ' or 1=1 --" } })).EnsureSuccessStatusCode();
        (await op.PostAsJsonAsync($"/api/incidents/{id}/samples", new[] { new { externalId = "x1", text = "第二版" } })).EnsureSuccessStatusCode();
        var page = await ApiCalls.GetJson(op, $"/api/incidents/{id}/samples");
        page["total"]!.GetValue<int>().ShouldBe(1);
        page["items"]![0]!["text"]!.GetValue<string>().ShouldBe("第二版");
    }

    [Theory]
    [InlineData("""[{"externalId":"a","text":""}]""", "[0].text")]
    [InlineData("""[{"externalId":"","text":"t"}]""", "[0].externalId")]
    [InlineData("""[{"externalId":"a","text":"t"},{"externalId":"a","text":"u"}]""", "[1].externalId")]
    [InlineData("""[{"externalId":"a","text":"t","url":"javascript:alert(1)"}]""", "[0].url")]
    [InlineData("""[]""", "samples")]
    public async Task Bad_samples_are_400_naming_the_sample_and_store_nothing(string json, string field)
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var problem = await ApiCalls.Problem(await op.PostAsync($"/api/incidents/{id}/samples", content), HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull();
        (await ApiCalls.GetJson(op, $"/api/incidents/{id}/samples"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_csv_with_wrong_columns_is_400_and_an_empty_sample_set_cannot_be_clustered()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        using var content = new StringContent("id,body\n1,hello\n", Encoding.UTF8, "text/csv");
        var problem = await ApiCalls.Problem(await op.PostAsync($"/api/incidents/{id}/samples", content), HttpStatusCode.BadRequest);
        problem["errors"]!["csv"]!.ToJsonString().ShouldContain("externalId");

        var empty = await ApiCalls.Problem(await op.PostAsJsonAsync($"/api/incidents/{id}/clusters", new { }), HttpStatusCode.UnprocessableEntity);
        empty["detail"]!.GetValue<string>().ShouldContain("attach samples");
        await ApiCalls.Problem(await op.GetAsync($"/api/incidents/{id}/clusters"), HttpStatusCode.NotFound);
        using var xml = new StringContent("<samples/>", Encoding.UTF8, "application/xml");
        await ApiCalls.Problem(await op.PostAsync($"/api/incidents/{id}/samples", xml), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Partners_cannot_attach_and_uninvolved_partners_see_nothing()
    {
        var op = await server.SignIn("operator1");
        var id = (await ApiCalls.Open(op))["id"]!.GetValue<string>();
        await ApiCalls.RequestHandoff(op, id, "review-ops");
        var review = await server.SignIn("review1");
        await ApiCalls.Problem(await review.PostAsJsonAsync($"/api/incidents/{id}/samples", new[] { new { externalId = "a", text = "t" } }), HttpStatusCode.Forbidden);
        (await review.GetAsync($"/api/incidents/{id}/samples")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var guild = await server.SignIn("guild1");
        await ApiCalls.Problem(await guild.GetAsync($"/api/incidents/{id}/samples"), HttpStatusCode.NotFound);
    }
}
