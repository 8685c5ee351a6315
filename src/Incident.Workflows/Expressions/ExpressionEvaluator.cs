using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace Incident.Workflows.Expressions;

/// Evaluates expressions for one run. Definitions are user input: every script runs with time,
/// statement and recursion limits, and any failure becomes a <see cref="WorkflowFaultException"/>.
internal sealed class ExpressionEvaluator(ExpressionLimits limits)
{
    private Engine? _engine;

    public JsonNode? Evaluate(WorkflowExpression expression, JsonObject incident, JsonObject variables, JsonNode? input)
    {
        if (!expression.IsScript)
        {
            return expression.Literal?.DeepClone();
        }

        var engine = _engine ??= new Engine(o => o
            .TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursion));
        try
        {
            engine.SetValue("incident", ToJs(engine, incident));
            engine.SetValue("variables", ToJs(engine, variables));
            engine.SetValue("input", ToJs(engine, input));
            var result = engine.Execute(expression.Program).GetCompletionValue();
            return FromJs(engine, result);
        }
#pragma warning disable CA1031 // a script may throw anything (Jint's own limits included); it faults the instance, never the process
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _engine = null;
            throw new WorkflowFaultException($"expression '{expression.Source}' failed: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n is not 0 and not double.NaN,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            _ => false,
        },
        _ => true,
    };

    public static string AsText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static JsValue ToJs(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    private static JsonNode? FromJs(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        if (value.IsNumber())
        {
            var number = value.AsNumber();
            return number == Math.Floor(number) && Math.Abs(number) < 9e15
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }

        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value, JsValue.Undefined, JsValue.Undefined);
        return json.IsString() ? JsonNode.Parse(json.AsString()) : JsonValue.Create(Convert.ToString(json.ToObject(), CultureInfo.InvariantCulture));
    }
}

/// Sandbox limits for scripts in definitions.
internal sealed record ExpressionLimits(TimeSpan Timeout, int MaxStatements, int MaxRecursion)
{
    public static ExpressionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 50_000, 64);
}
