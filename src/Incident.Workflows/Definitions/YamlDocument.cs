using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Incident.Workflows.Definitions;

/// <summary>
/// Reads YAML into the same JSON tree the JSON reader produces, so both formats share one parser. The stream is
/// first checked by <see cref="DocumentGuards.CheckYaml"/>: the representation model and the conversion below
/// recurse and expand aliases, so they only ever see documents within the limits.
/// </summary>
internal static class YamlDocument
{
    public static JsonNode? Read(string text, DocumentLimits limits)
    {
        DocumentGuards.CheckYaml(text, limits);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, "$");
    }

    private static JsonNode? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode map => ConvertMap(map, path),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select((child, i) => Convert(child, $"{path}[{i}]"))]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static JsonObject ConvertMap(YamlMappingNode map, string path)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (result.ContainsKey(name))
            {
                throw new DocumentRejectedException(DocumentRejection.Duplicate(
                    $"{path}.{name}", $"duplicate key '{name}' at '{path}.{name}' (line {key.Start.Line}): a key may appear only once"));
            }

            result[name] = Convert(value, $"{path}.{name}");
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return Number(integer.ToString(CultureInfo.InvariantCulture));
        }

        if (value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.')
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return Number(real.ToString("R", CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(value);
    }

    // Backed by a JsonElement like JSON-parsed numbers, so readers may ask for int, long or double alike.
    private static JsonValue Number(string text) => (JsonValue)JsonNode.Parse(text)!;
}
