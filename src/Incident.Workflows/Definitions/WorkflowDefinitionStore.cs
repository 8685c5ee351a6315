using System.Collections.Concurrent;
using Incident.Workflows.Persistence;
using Incident.Workflows.Runtime;

namespace Incident.Workflows.Definitions;

/// <summary>The outcome of saving a draft: the parse result, and the new version when it validated.</summary>
/// <param name="Parse">Parse result; its problems when invalid (nothing saved).</param>
/// <param name="Version">The new version number (max + 1), or null when invalid.</param>
public sealed record SaveDraftResult(DefinitionParseResult Parse, int? Version);

/// <summary>The outcome of publishing a version.</summary>
public enum PublishResult
{
    /// <summary>The draft is now published.</summary>
    Published,

    /// <summary>It was already published; nothing changed.</summary>
    AlreadyPublished,

    /// <summary>No such version.</summary>
    NotFound,
}

/// <summary>A definition in a list: its latest version and its latest published version.</summary>
/// <param name="DefinitionId">Definition id.</param>
/// <param name="Name">Name of the latest version.</param>
/// <param name="LatestVersion">Latest version (draft or published).</param>
/// <param name="PublishedVersion">Latest published version, if any.</param>
/// <param name="PublishedAt">When that version was published.</param>
public sealed record WorkflowDefinitionSummary(string DefinitionId, string Name, int LatestVersion, int? PublishedVersion, DateTimeOffset? PublishedAt);

/// <summary>
/// Versioned definitions: every save is a new draft version (max + 1); publishing makes a version
/// startable; older published versions stay readable for the instances pinned to them.
/// </summary>
public sealed class WorkflowDefinitionStore(WorkflowDialect dialect, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowSelector?> _selectors = new();

    /// <summary>Validates a document and, when valid, saves it as a new draft version.</summary>
    public Task<SaveDraftResult> SaveDraftAsync(WorkflowSession session, string document, DefinitionFormat format, CancellationToken cancellationToken = default) =>
        SaveDraftAsync(session, document, format, DocumentLimits.Default, cancellationToken);

    /// <summary>Validates a document under <paramref name="limits"/> and, when valid, saves it as a new draft version.</summary>
    public async Task<SaveDraftResult> SaveDraftAsync(
        WorkflowSession session, string document, DefinitionFormat format, DocumentLimits limits, CancellationToken cancellationToken = default)
    {
        var parse = WorkflowDefinitionParser.Parse(document, format, limits);
        if (parse.Definition is not { } definition)
        {
            return new SaveDraftResult(parse, null);
        }

        var store = Store(session);
        var version = await store.NextDefinitionVersionAsync(definition.Id, cancellationToken);
        await store.InsertDefinitionAsync(
            new StoredWorkflowDefinition(definition.Id, version, definition.Name, DefinitionStatus.Draft, document, format, timeProvider.GetUtcNow(), null),
            cancellationToken);
        return new SaveDraftResult(parse, version);
    }

    /// <summary>Publishes a draft version.</summary>
    public async Task<PublishResult> PublishAsync(WorkflowSession session, string definitionId, int version, CancellationToken cancellationToken = default)
    {
        var store = Store(session);
        if (await store.PublishDefinitionAsync(definitionId, version, timeProvider.GetUtcNow(), cancellationToken))
        {
            return PublishResult.Published;
        }

        return await store.GetDefinitionAsync(definitionId, version, publishedOnly: false, cancellationToken) is null
            ? PublishResult.NotFound
            : PublishResult.AlreadyPublished;
    }

    /// <summary>The latest version, draft or published.</summary>
    public Task<StoredWorkflowDefinition?> GetLatestAsync(WorkflowSession session, string definitionId, CancellationToken cancellationToken = default) =>
        Store(session).GetDefinitionAsync(definitionId, null, publishedOnly: false, cancellationToken);

    /// <summary>The latest published version.</summary>
    public Task<StoredWorkflowDefinition?> GetLatestPublishedAsync(WorkflowSession session, string definitionId, CancellationToken cancellationToken = default) =>
        Store(session).GetDefinitionAsync(definitionId, null, publishedOnly: true, cancellationToken);

    /// <summary>One version.</summary>
    public Task<StoredWorkflowDefinition?> GetVersionAsync(WorkflowSession session, string definitionId, int version, CancellationToken cancellationToken = default) =>
        Store(session).GetDefinitionAsync(definitionId, version, publishedOnly: false, cancellationToken);

    /// <summary>Every definition with its latest and latest published version.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionSummary>> ListAsync(WorkflowSession session, CancellationToken cancellationToken = default)
    {
        var headers = await Store(session).GetDefinitionHeadersAsync(cancellationToken);
        return [.. headers.GroupBy(h => h.DefinitionId).Select(g =>
        {
            var latest = g.MaxBy(h => h.Version)!;
            var published = g.Where(h => h.Status == DefinitionStatus.Published).MaxBy(h => h.Version);
            return new WorkflowDefinitionSummary(g.Key, latest.Name, latest.Version, published?.Version, published?.PublishedAt);
        })];
    }

    /// <summary>
    /// The published definition a new case starts: among the latest published version of each
    /// definition, those whose selector matches (<c>*</c> wildcard), highest priority first, ties to the most recently published.
    /// </summary>
    public async Task<StoredWorkflowDefinition?> SelectAsync(WorkflowSession session, string businessLine, string category, string severity, CancellationToken cancellationToken = default)
    {
        var candidates = await Store(session).GetLatestPublishedDefinitionsAsync(cancellationToken);
        return candidates
            .Select(d => (Definition: d, Selector: _selectors.GetOrAdd((d.DefinitionId, d.Version), _ =>
                WorkflowDefinitionParser.Parse(d.Document, d.Format, DocumentLimits.Stored).Definition?.Selector)))
            .Where(c => c.Selector?.Matches(businessLine, category, severity) == true)
            .OrderByDescending(c => c.Selector!.Priority)
            .ThenByDescending(c => c.Definition.PublishedAt)
            .Select(c => c.Definition)
            .FirstOrDefault();
    }

    private WorkflowStore Store(WorkflowSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new WorkflowStore(dialect, session.Connection, session.Transaction);
    }
}
