using Incident.Workflows.Definitions;
using Incident.Workflows.Persistence;
using Incident.Workflows.Tests.Support;

namespace Incident.Workflows.Tests;

public sealed class DefinitionStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly FakeClock _clock = new();

    private WorkflowDefinitionStore Store => new(db.Dialect, _clock);

    [Fact]
    public async Task Drafts_get_increasing_versions_and_publishing_keeps_older_published_versions_readable()
    {
        var yaml = Flows.Delay.Replace("id: delay-flow", "id: versioned", StringComparison.Ordinal);

        var v1 = await db.InTransaction(s => Store.SaveDraftAsync(s, yaml, DefinitionFormat.Yaml));
        await db.InTransaction(s => Store.PublishAsync(s, "versioned", 1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var v2 = await db.InTransaction(s => Store.SaveDraftAsync(s, yaml.Replace("PT1H", "PT2H", StringComparison.Ordinal), DefinitionFormat.Yaml));
        var latestPublishedBefore = await db.InTransaction(s => Store.GetLatestPublishedAsync(s, "versioned"));
        var published = await db.InTransaction(s => Store.PublishAsync(s, "versioned", 2));
        var again = await db.InTransaction(s => Store.PublishAsync(s, "versioned", 2));
        var missing = await db.InTransaction(s => Store.PublishAsync(s, "versioned", 9));

        v1.Version.ShouldBe(1);
        v2.Version.ShouldBe(2);
        latestPublishedBefore!.Version.ShouldBe(1);
        published.ShouldBe(PublishResult.Published);
        again.ShouldBe(PublishResult.AlreadyPublished);
        missing.ShouldBe(PublishResult.NotFound);
        var old = await db.InTransaction(s => Store.GetVersionAsync(s, "versioned", 1));
        old!.Status.ShouldBe(DefinitionStatus.Published);
        old.Document.ShouldContain("PT1H");
        old.PublishedAt.ShouldBe(_clock.GetUtcNow().AddMinutes(-1));
        (await db.InTransaction(s => Store.GetLatestAsync(s, "versioned")))!.Document.ShouldContain("PT2H");
    }

    [Fact]
    public async Task An_invalid_draft_is_not_saved_and_its_problems_are_returned()
    {
        var saved = await db.InTransaction(s => Store.SaveDraftAsync(s, "id: bad\nstart: nowhere\nactivities: []", DefinitionFormat.Yaml));

        saved.Version.ShouldBeNull();
        saved.Parse.Problems.ShouldNotBeEmpty();
        (await db.Count("workflow_definitions", "definition_id = 'bad'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_highest_priority_matching_published_definition_is_selected()
    {
        await Save(File.ReadAllText(Repo.File("workflows", "emergency-response.yaml")), publish: true);
        await Save(File.ReadAllText(Repo.File("workflows", "live-guild-violation.yaml")), publish: true);
        await Save(File.ReadAllText(Repo.File("workflows", "live-guild-violation.yaml")).Replace("id: live-guild-violation", "id: guild-draft", StringComparison.Ordinal).Replace("priority: 10", "priority: 99", StringComparison.Ordinal), publish: false);

        var guild = await db.InTransaction(s => Store.SelectAsync(s, "tiktok-live", "guild-violation", "S2"));
        var other = await db.InTransaction(s => Store.SelectAsync(s, "tiktok-live", "spam", "S2"));
        var list = await db.InTransaction(s => Store.ListAsync(s));

        guild!.DefinitionId.ShouldBe("live-guild-violation");
        other!.DefinitionId.ShouldBe("emergency-response");
        list.Single(d => d.DefinitionId == "guild-draft").PublishedVersion.ShouldBeNull();
        list.Single(d => d.DefinitionId == "emergency-response").Name.ShouldBe("Emergency response");
    }

    [Fact]
    public async Task Equal_priorities_go_to_the_most_recently_published()
    {
        const string template = """
            id: {0}
            selector: {{ businessLines: [ads], categories: ["*"], severities: ["*"], priority: 50 }}
            start: done
            activities:
              - {{ id: done, type: Finish }}
            """;
        await Save(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "tie-old"), publish: true);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Save(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "tie-new"), publish: true);

        var chosen = await db.InTransaction(s => Store.SelectAsync(s, "ads", "fraud", "S1"));

        chosen!.DefinitionId.ShouldBe("tie-new");
    }

    private Task<int> Save(string yaml, bool publish) => db.InTransaction(async s =>
    {
        var saved = await Store.SaveDraftAsync(s, yaml, DefinitionFormat.Yaml);
        saved.Parse.Problems.ShouldBeEmpty();
        if (publish)
        {
            await Store.PublishAsync(s, saved.Parse.Definition!.Id, saved.Version!.Value);
        }

        return saved.Version!.Value;
    });
}
