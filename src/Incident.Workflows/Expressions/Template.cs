using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Incident.Workflows.Expressions;

/// `{{incident.key}}`-style template fields over the expression scope; a missing path renders empty.
internal static partial class Template
{
    public static string Render(string template, JsonObject incident, JsonObject variables, JsonNode? input) =>
        TemplateField().Replace(template, match =>
        {
            var path = match.Groups[1].Value.Split('.');
            JsonNode? node = path[0] switch
            {
                "incident" => incident,
                "variables" => variables,
                "input" => input,
                _ => null,
            };
            for (var i = 1; i < path.Length && node is not null; i++)
            {
                node = node is JsonObject obj ? obj[path[i]] : null;
            }

            return ExpressionEvaluator.AsText(node);
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateField();
}
