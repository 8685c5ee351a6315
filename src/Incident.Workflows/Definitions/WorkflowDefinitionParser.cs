using System.Text.Json;
using System.Text.Json.Nodes;
using Incident.Workflows.Activities;
using YamlDotNet.Core;

namespace Incident.Workflows.Definitions;

/// <summary>Parses and validates definition documents (YAML or JSON, the same shape; see WORKFLOWS.md).</summary>
public static class WorkflowDefinitionParser
{
    /// <summary>Parses a document under the default <see cref="DocumentLimits"/>.</summary>
    public static DefinitionParseResult Parse(string document, DefinitionFormat format) => Parse(document, format, DocumentLimits.Default);

    /// <summary>
    /// Parses a document and returns the definition or every problem found, each naming its activity. A document
    /// over <paramref name="limits"/>, or naming a member twice, is refused before it is read (<see cref="DefinitionParseResult.Rejection"/>).
    /// </summary>
    public static DefinitionParseResult Parse(string document, DefinitionFormat format, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(limits);
        List<DefinitionProblem> problems = [];
        JsonNode? root;
        try
        {
            if (format == DefinitionFormat.Yaml)
            {
                root = YamlDocument.Read(document, limits);
            }
            else
            {
                DocumentGuards.CheckJson(document, limits);
                root = JsonNode.Parse(document, documentOptions: JsonOptions(limits));
            }
        }
        catch (DocumentRejectedException ex)
        {
            problems.Add(new(null, ex.Rejection.Path, ex.Rejection.Message));
            return new DefinitionParseResult(null, problems, null) { Rejection = ex.Rejection };
        }
        catch (YamlException ex)
        {
            problems.Add(new(null, "$", $"YAML syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"));
            return new DefinitionParseResult(null, problems, null);
        }
        catch (InvalidOperationException ex) when (format == DefinitionFormat.Yaml)
        {
            // YamlDotNet's representation model throws this for some malformed streams (an unclosed flow sequence before more keys).
            problems.Add(new(null, "$", $"YAML syntax error: the document is not well-formed YAML ({ex.Message})"));
            return new DefinitionParseResult(null, problems, null);
        }
        catch (JsonException ex)
        {
            problems.Add(new(null, "$", $"JSON syntax error: {ex.Message}"));
            return new DefinitionParseResult(null, problems, null);
        }

        if (root is not JsonObject document_)
        {
            problems.Add(new(null, "$", "the document must be an object with id, start, activities and connections"));
            return new DefinitionParseResult(null, problems, null);
        }

        var (definition, compiled) = Read(document_, problems);
        return new DefinitionParseResult(definition, problems, compiled);
    }

    private static JsonDocumentOptions JsonOptions(DocumentLimits limits) => new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
        MaxDepth = limits.MaxDepth + 1,
    };

    /// <summary>Reads a format name (<c>yaml</c>, <c>yml</c> or <c>json</c>).</summary>
    public static DefinitionFormat ParseFormat(string format) => format.ToUpperInvariant() switch
    {
        "YAML" or "YML" => DefinitionFormat.Yaml,
        "JSON" => DefinitionFormat.Json,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "expected yaml or json"),
    };

    private static (WorkflowDefinition, CompiledDefinition) Read(JsonObject root, List<DefinitionProblem> problems)
    {
        var id = RequiredText(root, "id", problems);
        var start = RequiredText(root, "start", problems);
        var variables = root["variables"] switch
        {
            JsonObject v => (JsonObject)v.DeepClone(),
            null => [],
            _ => Problem<JsonObject>(problems, "variables", "variables must be an object", []),
        };

        Dictionary<string, Activity> compiled = new(StringComparer.Ordinal);
        List<ActivityDefinition> activities = [];
        if (root["activities"] is not JsonArray activityNodes || activityNodes.Count == 0)
        {
            problems.Add(new(null, "activities", "activities must be a non-empty list"));
        }
        else
        {
            for (var i = 0; i < activityNodes.Count; i++)
            {
                ReadActivity(activityNodes[i], $"activities[{i}]", activities, compiled, problems);
            }
        }

        var connections = ReadConnections(root, activities, compiled, problems);
        var definition = new WorkflowDefinition(
            id, FieldReader.Text(root["name"]) ?? id, FieldReader.Text(root["description"]),
            ReadSelector(root["selector"], problems), variables, start, activities, connections);

        if (start.Length > 0 && !activities.Any(a => a.Id == start))
        {
            problems.Add(new(start, "start", $"start activity '{start}' does not exist"));
        }

        var routes = connections
            .Where(c => compiled.ContainsKey(c.Source))
            .GroupBy(c => (c.Source, c.Outcome))
            .ToDictionary(g => g.Key, g => g.Select(c => c.Target).Distinct().ToArray());
        GraphChecks.Run(definition, compiled, routes, problems);
        return (definition, new CompiledDefinition(definition, compiled, routes));
    }

    private static void ReadActivity(JsonNode? node, string path, List<ActivityDefinition> activities, Dictionary<string, Activity> compiled, List<DefinitionProblem> problems)
    {
        if (node is not JsonObject fields)
        {
            problems.Add(new(null, path, "an activity must be an object with id and type"));
            return;
        }

        var id = FieldReader.Text(fields["id"]);
        var type = FieldReader.Text(fields["type"]);
        if (id is not { Length: > 0 })
        {
            problems.Add(new(null, $"{path}.id", $"activity{(type is null ? "" : $" of type {type}")} has no id"));
            return;
        }

        if (activities.Any(a => a.Id == id))
        {
            problems.Add(new(id, $"{path}.id", $"duplicate activity id '{id}'"));
            return;
        }

        if (type is not { Length: > 0 })
        {
            problems.Add(new(id, $"{path}.type", "missing required field 'type'"));
            activities.Add(new ActivityDefinition(id, "", fields));
            return;
        }

        var definition = new ActivityDefinition(id, type, fields);
        activities.Add(definition);
        if (ActivityCatalog.Compile(definition, path, problems) is { } activity)
        {
            compiled[id] = activity;
        }
    }

    private static List<ConnectionDefinition> ReadConnections(JsonObject root, List<ActivityDefinition> activities, Dictionary<string, Activity> compiled, List<DefinitionProblem> problems)
    {
        List<ConnectionDefinition> connections = [];
        if (root["connections"] is not JsonArray nodes)
        {
            if (root["connections"] is not null)
            {
                problems.Add(new(null, "connections", "connections must be a list"));
            }

            return connections;
        }

        var ids = activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"connections[{i}]";
            var source = FieldReader.Text(nodes[i]?["source"]);
            var target = FieldReader.Text(nodes[i]?["target"]);
            var outcome = FieldReader.Text(nodes[i]?["outcome"]) ?? Activity.DoneOutcome;
            if (source is null || target is null)
            {
                problems.Add(new(source ?? target, path, "a connection needs a source and a target"));
                continue;
            }

            var ok = true;
            if (!ids.Contains(source))
            {
                problems.Add(new(source, $"{path}.source", $"dangling connection: source activity '{source}' does not exist"));
                ok = false;
            }

            if (!ids.Contains(target))
            {
                problems.Add(new(source, $"{path}.target", $"dangling connection from '{source}': target activity '{target}' does not exist"));
                ok = false;
            }

            if (compiled.TryGetValue(source, out var activity) && !activity.Outcomes.Contains(outcome))
            {
                var known = activity.Outcomes.Count == 0 ? "none" : string.Join(", ", activity.Outcomes);
                problems.Add(new(source, $"{path}.outcome", $"activity '{source}' ({activity.Type}) has no outcome '{outcome}' (outcomes: {known})"));
                ok = false;
            }

            if (ok)
            {
                connections.Add(new ConnectionDefinition(source, outcome, target));
            }
        }

        return connections;
    }

    private static WorkflowSelector ReadSelector(JsonNode? node, List<DefinitionProblem> problems)
    {
        if (node is null)
        {
            return WorkflowSelector.Any;
        }

        if (node is not JsonObject selector)
        {
            return Problem(problems, "selector", "selector must be an object", WorkflowSelector.Any);
        }

        IReadOnlyList<string> List(string name) => selector[name] switch
        {
            null => ["*"],
            JsonArray array => [.. array.Select(FieldReader.Text).OfType<string>()],
            var one => FieldReader.Text(one) is { } text ? [text] : Problem<string[]>(problems, $"selector.{name}", $"{name} must be a list of strings", ["*"]),
        };

        var priority = FieldReader.Integer(selector["priority"]) ?? 0;
        if (selector["priority"] is not null && FieldReader.Integer(selector["priority"]) is null)
        {
            problems.Add(new(null, "selector.priority", "priority must be an integer"));
        }

        return new WorkflowSelector(List("businessLines"), List("categories"), List("severities"), priority);
    }

    private static string RequiredText(JsonObject root, string name, List<DefinitionProblem> problems) =>
        FieldReader.Text(root[name]) is { Length: > 0 } text ? text : Problem(problems, name, $"missing required field '{name}'", "");

    private static T Problem<T>(List<DefinitionProblem> problems, string path, string message, T fallback)
    {
        problems.Add(new(null, path, message));
        return fallback;
    }
}
