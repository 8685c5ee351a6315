using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Program = Jint.Prepared<Acornima.Ast.Script>;

namespace Incident.Workflows.Expressions;

/// An expression in the `{ type, value }` envelope, or a plain literal value.
internal sealed class WorkflowExpression
{
    private WorkflowExpression(JsonNode? literal, string? source, Program? program)
    {
        Literal = literal;
        Source = source;
        Program = program;
    }

    public JsonNode? Literal { get; }

    public string? Source { get; }

    public Program? Program { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Program))]
    public bool IsScript => Program is not null;

    public static WorkflowExpression FromLiteral(JsonNode? literal) => new(literal, null, null);

    /// Returns null and an error message when the envelope or the script does not parse.
    public static WorkflowExpression? Parse(JsonNode? node, out string? error)
    {
        error = null;
        if (node is not JsonObject envelope || !envelope.ContainsKey("type") || !envelope.ContainsKey("value"))
        {
            return FromLiteral(node?.DeepClone());
        }

        var type = (envelope["type"] as JsonValue)?.ToString();
        var value = envelope["value"];
        switch (type)
        {
            case "literal":
                return FromLiteral(value?.DeepClone());
            case "js" or "javascript":
                if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    error = "expression value must be a string of JavaScript";
                    return null;
                }

                var source = v.GetValue<string>();
                try
                {
                    var program = Engine.PrepareScript(source);
                    return new WorkflowExpression(null, source, program);
                }
                catch (ScriptPreparationException ex)
                {
                    error = $"bad expression '{source}': {(ex.InnerException as ParseErrorException)?.Message ?? ex.Message}";
                    return null;
                }

            default:
                error = $"unknown expression type '{type}' (expected js or literal)";
                return null;
        }
    }
}
