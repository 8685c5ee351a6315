using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;

namespace Incident.Workflows.Expressions;

/// Evaluates expressions for one run. Definitions are user input: every script runs with time,
/// statement, recursion and memory limits, and any failure becomes a <see cref="WorkflowFaultException"/>.
internal sealed class ExpressionEvaluator(ExpressionLimits limits)
{
    private Engine? _engine;

    public JsonNode? Evaluate(WorkflowExpression expression, JsonObject incident, JsonObject variables, JsonNode? input)
    {
        if (!expression.IsScript)
        {
            return expression.Literal?.DeepClone();
        }

        var engine = _engine ??= CreateEngine(limits);
        try
        {
            engine.SetValue("incident", ToJs(engine, incident));
            engine.SetValue("variables", ToJs(engine, variables));
            engine.SetValue("input", ToJs(engine, input));
            var result = engine.Evaluate(expression.Program.Value);
            return FromJs(engine, result);
        }
#pragma warning disable CA1031 // a script may throw anything (Jint's own limits included); it faults the instance, never the process
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _engine = null;
            throw new WorkflowFaultException($"expression '{expression.Source}' failed: {Describe(ex, limits)}", ex);
        }
    }

    private static Engine CreateEngine(ExpressionLimits limits)
    {
        var engine = new Engine(o => Constrain(o, limits));
        engine.Execute(Sandbox.Replace("MAX_CHARS", (limits.MaxMemoryBytes / 2).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return engine;
    }

    // LimitMemory is checked between statements, so a built-in that builds a big result in one native call
    // escapes it: typed arrays and buffers (an expression never needs binary data; ShadowRealm would bring
    // them back), and strings from repeat/replace. Those get a length check before they allocate (ADR-0020).
    private const string Sandbox = """
        (() => {
          for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'ShadowRealm', 'WebAssembly',
            'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
            'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
            delete globalThis[name];
          }
          const max = MAX_CHARS;
          const fail = what => { throw new RangeError(`memory limit exceeded: ${what} would build a string over ${max} characters`); };
          const define = (target, key, value) => Object.defineProperty(target, key, { value, writable: true, configurable: true });
          const repeat = String.prototype.repeat;
          define(String.prototype, 'repeat', function (count) {
            const text = String(this);
            if (text.length * Math.max(0, Math.trunc(Number(count)) || 0) > max) fail('repeat');
            return repeat.call(text, count);
          });
          const guardReplace = (original, what) => function (subject, replacement) {
            const text = String(subject);
            if (typeof replacement === 'function') {
              let total = text.length;
              const produce = replacement;
              return original.call(this, text, function (...args) {
                const piece = String(produce.apply(this, args));
                total += piece.length;
                if (total > max) fail(what);
                return piece;
              });
            }
            const pattern = String(replacement);
            let matches = 0;
            original.call(this, text, () => { matches++; return ''; });
            const references = (pattern.match(/\$[&`'0-9<]/g) || []).length;
            if (text.length + matches * (pattern.length + references * text.length) > max) fail(what);
            return original.call(this, text, replacement);
          };
          const literal = (original, what) => {
            const guarded = guardReplace(function (text, replacement) { return original.call(text, this, replacement); }, what);
            return function (pattern, replacement) { return guarded.call(pattern, this, replacement); };
          };
          define(String.prototype, 'replace', literal(String.prototype.replace, 'replace'));
          define(String.prototype, 'replaceAll', literal(String.prototype.replaceAll, 'replaceAll'));
          define(RegExp.prototype, Symbol.replace, guardReplace(RegExp.prototype[Symbol.replace], 'replace'));
        })();
        """;

    private static void Constrain(Options o, ExpressionLimits limits)
    {
        o.TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursion)
            .LimitMemory(limits.MaxMemoryBytes);
        o.Constraints.MaxArraySize = limits.MaxArraySize;
        // A regular expression runs inside one native call, out of reach of the statement and time checks.
        o.Constraints.RegexTimeout = limits.Timeout;
        // Jint README "Surviving an unbounded recursion": recursion through getters, coercions or callbacks
        // bypasses LimitRecursion and would otherwise overflow the native stack and end the process.
        o.Constraints.StackOverflowGuard = true;
    }

    private static string Describe(Exception ex, ExpressionLimits limits) => ex switch
    {
        TimeoutException or RegexMatchTimeoutException => $"time limit exceeded ({limits.Timeout.TotalMilliseconds:0} ms)",
        StatementsCountOverflowException => $"statement limit exceeded ({limits.MaxStatements})",
        RecursionDepthOverflowException => $"recursion limit exceeded ({limits.MaxRecursion})",
        MemoryLimitExceededException => $"memory limit exceeded ({limits.MaxMemoryBytes} bytes, arrays of at most {limits.MaxArraySize} elements): {ex.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

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

/// Sandbox limits for scripts in definitions (ADR-0020): wall time, executed statements, call depth,
/// bytes allocated during one evaluation and the length of any one array.
internal sealed record ExpressionLimits(
    TimeSpan Timeout, int MaxStatements, int MaxRecursion, long MaxMemoryBytes = 16_000_000, uint MaxArraySize = 100_000)
{
    public static ExpressionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 50_000, 64);
}
