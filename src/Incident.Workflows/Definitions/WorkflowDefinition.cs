using System.Text.Json.Nodes;
using Incident.Workflows.Activities;

namespace Incident.Workflows.Definitions;

/// <summary>The document format of a workflow definition: YAML or JSON (the same shape).</summary>
public enum DefinitionFormat
{
    /// <summary>YAML 1.1/1.2 document.</summary>
    Yaml,

    /// <summary>JSON document.</summary>
    Json,
}

/// <summary>A parsed workflow definition (one version of it): the flowchart of activities and connections.</summary>
/// <param name="Id">Stable definition id, the same across versions.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Optional description.</param>
/// <param name="Selector">Which new correlations (incidents) start this workflow.</param>
/// <param name="Variables">Initial values of the instance variables.</param>
/// <param name="Start">Id of the first activity.</param>
/// <param name="Activities">The activities, in document order.</param>
/// <param name="Connections">The connections between activity outcomes and activities.</param>
public sealed record WorkflowDefinition(
    string Id,
    string Name,
    string? Description,
    WorkflowSelector Selector,
    JsonObject Variables,
    string Start,
    IReadOnlyList<ActivityDefinition> Activities,
    IReadOnlyList<ConnectionDefinition> Connections);

/// <summary>Which new correlations start a definition. <c>*</c> matches anything.</summary>
/// <param name="BusinessLines">Business lines matched, or <c>*</c>.</param>
/// <param name="Categories">Categories matched, or <c>*</c>.</param>
/// <param name="Severities">Severities matched, or <c>*</c>.</param>
/// <param name="Priority">The highest-priority matching published definition wins.</param>
public sealed record WorkflowSelector(
    IReadOnlyList<string> BusinessLines,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Severities,
    int Priority)
{
    /// <summary>A selector that matches everything with priority 0.</summary>
    public static WorkflowSelector Any { get; } = new(["*"], ["*"], ["*"], 0);

    /// <summary>Whether the selector matches the given keys (case-insensitive; <c>*</c> is a wildcard).</summary>
    public bool Matches(string businessLine, string category, string severity) =>
        Match(BusinessLines, businessLine) && Match(Categories, category) && Match(Severities, severity);

    private static bool Match(IReadOnlyList<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Any(a => a == "*" || string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One activity of a definition: its id, type and the raw fields of the document.</summary>
/// <param name="Id">Activity id, unique within the definition.</param>
/// <param name="Type">Activity type, e.g. <c>HumanTask</c>.</param>
/// <param name="Fields">All fields of the activity as written (including id and type).</param>
public sealed record ActivityDefinition(string Id, string Type, JsonObject Fields);

/// <summary>A connection from an activity's outcome to the next activity.</summary>
/// <param name="Source">Source activity id.</param>
/// <param name="Outcome">Outcome of the source; <c>Done</c> when omitted in the document.</param>
/// <param name="Target">Target activity id.</param>
public sealed record ConnectionDefinition(string Source, string Outcome, string Target);

/// <summary>One problem found while parsing or validating a definition.</summary>
/// <param name="ActivityId">The activity concerned, when there is one.</param>
/// <param name="Path">Where in the document, e.g. <c>activities[3].condition</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DefinitionProblem(string? ActivityId, string Path, string Message);

/// <summary>The result of parsing a definition: the definition when valid, and every problem found.</summary>
public sealed class DefinitionParseResult
{
    internal DefinitionParseResult(WorkflowDefinition? definition, IReadOnlyList<DefinitionProblem> problems, CompiledDefinition? compiled)
    {
        Definition = problems.Count == 0 ? definition : null;
        Problems = problems;
        Compiled = problems.Count == 0 ? compiled : null;
    }

    /// <summary>The definition, or null when there are problems.</summary>
    public WorkflowDefinition? Definition { get; }

    /// <summary>Every problem found; empty when the definition is valid.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }

    /// <summary>Whether the definition is valid.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Set when the document was refused before it was read: over a <see cref="DocumentLimits"/> limit, or a member named twice.</summary>
    public DocumentRejection? Rejection { get; internal init; }

    internal CompiledDefinition? Compiled { get; }
}
