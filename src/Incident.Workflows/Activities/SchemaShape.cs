using System.Text.Json.Nodes;

namespace Incident.Workflows.Activities;

/// NJsonSchema accepts some malformed schemas silently (e.g. `type: objekt`); these structural
/// checks catch the common mistakes in an admin-written inputSchema.
internal static class SchemaShape
{
    private static readonly string[] Types = ["object", "array", "string", "number", "integer", "boolean", "null"];

    public static string? Problem(JsonNode? node, string path = "inputSchema")
    {
        if (node is not JsonObject schema)
        {
            return node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                ? null
                : $"{path} must be an object";
        }

        var type = schema["type"];
        List<string?> types = type is JsonArray list ? [.. list.Select(FieldReader.Text)] : type is null ? [] : [FieldReader.Text(type)];
        var unknown = types.FindIndex(t => t is null || !Types.Contains(t));
        if (unknown >= 0)
        {
            return $"{path}.type '{types[unknown]}' is not a JSON Schema type ({string.Join(", ", Types)})";
        }

        if (schema["required"] is { } required && (required is not JsonArray names || names.Any(n => FieldReader.Text(n) is null)))
        {
            return $"{path}.required must be a list of property names";
        }

        if (schema["enum"] is { } values && values is not JsonArray)
        {
            return $"{path}.enum must be a list";
        }

        if (schema["properties"] is { } properties)
        {
            if (properties is not JsonObject props)
            {
                return $"{path}.properties must be an object";
            }

            foreach (var (name, property) in props)
            {
                if (Problem(property, $"{path}.properties.{name}") is { } problem)
                {
                    return problem;
                }
            }
        }

        foreach (var key in new[] { "items", "additionalProperties", "not" })
        {
            if (schema[key] is { } sub && Problem(sub, $"{path}.{key}") is { } problem)
            {
                return problem;
            }
        }

        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema[key] is JsonArray subs && subs.Select((s, i) => Problem(s, $"{path}.{key}[{i}]")).FirstOrDefault(p => p is not null) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
