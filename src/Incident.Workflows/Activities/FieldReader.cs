using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Incident.Workflows.Definitions;
using Incident.Workflows.Expressions;

namespace Incident.Workflows.Activities;

/// Reads an activity's fields, recording every problem (with the activity id and path) instead of stopping at the first.
internal sealed class FieldReader(ActivityDefinition definition, string path, List<DefinitionProblem> problems)
{
    public string Id => definition.Id;

    public string Type => definition.Type;

    public void Problem(string field, string message) => problems.Add(new(definition.Id, $"{path}.{field}", message));

    public JsonNode? Node(string name) => definition.Fields[name];

    public string? String(string name, bool required = false)
    {
        var node = definition.Fields[name];
        if (node is null)
        {
            if (required)
            {
                Problem(name, $"missing required field '{name}'");
            }

            return null;
        }

        var text = Text(node);
        if (text is null || (required && text.Length == 0))
        {
            Problem(name, $"'{name}' must be a non-empty string");
        }

        return text;
    }

    public IReadOnlyList<string> Strings(string name, bool required = false)
    {
        var node = definition.Fields[name];
        if (node is null)
        {
            if (required)
            {
                Problem(name, $"missing required field '{name}'");
            }

            return [];
        }

        if (node is not JsonArray array || array.Any(n => Text(n) is not { Length: > 0 }))
        {
            Problem(name, $"'{name}' must be a list of non-empty strings");
            return [];
        }

        if (required && array.Count == 0)
        {
            Problem(name, $"'{name}' must not be empty");
        }

        return [.. array.Select(n => Text(n)!)];
    }

    public TimeSpan? Duration(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        try
        {
            var duration = XmlConvert.ToTimeSpan(text);
            if (duration > TimeSpan.Zero && text.StartsWith('P'))
            {
                return duration;
            }
        }
        catch (FormatException)
        {
        }

        Problem(name, $"bad ISO-8601 duration '{text}' (expected e.g. PT30M or P1D)");
        return null;
    }

    public WorkflowExpression? Expression(string name, bool required = false)
    {
        if (!definition.Fields.ContainsKey(name))
        {
            if (required)
            {
                Problem(name, $"missing required field '{name}'");
            }

            return null;
        }

        var expression = WorkflowExpression.Parse(definition.Fields[name], out var error);
        if (error is not null)
        {
            Problem(name, error);
        }

        return expression;
    }

    public int? Int(string name)
    {
        var node = definition.Fields[name];
        if (node is null)
        {
            return null;
        }

        if (Integer(node) is { } n)
        {
            return n;
        }

        Problem(name, $"'{name}' must be an integer");
        return null;
    }

    /// An integer written as a number or a string (YAML and JSON trees back numbers differently).
    public static int? Integer(JsonNode? node) =>
        Text(node) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// Strings as written; YAML's unquoted True/False and numbers read back as text.
    public static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;
}
