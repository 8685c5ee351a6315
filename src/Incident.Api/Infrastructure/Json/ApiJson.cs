using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Incident.Api.Infrastructure.Json;

/// <summary>The one JSON shape of the API, also used for what is stored as JSON (event data, replayed responses).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// camelCase, UTC times, and what issue 11 asks of every body: nesting at most <paramref name="maxDepth"/> levels,
    /// no member named twice in one object (400, never last-one-wins), and no null element in a list the
    /// code declares non-nullable (400 naming the element, never a NullReferenceException later).
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options, int maxDepth = 64)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.MaxDepth = maxDepth;
        options.AllowDuplicateProperties = false;
        var resolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = resolver.WithAddedModifier(RejectNullElements);
        return options;
    }

    /// <summary>
    /// For the API's own types: after an object is read, a list property whose elements are declared non-nullable
    /// (<c>IReadOnlyList&lt;PointBody&gt;</c>, <c>string[]</c>) must hold no null. Lists declared with nullable elements
    /// (<c>IReadOnlyList&lt;RecordBody?&gt;</c>) are left to their validators, which name the row themselves.
    /// </summary>
    private static void RejectNullElements(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly != typeof(ApiJson).Assembly)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        List<(string Name, Func<object, object?> Get)> lists = [];
        foreach (var property in info.Properties)
        {
            if (property.Get is null || property.AttributeProvider is not PropertyInfo member
                || member.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(member.PropertyType))
            {
                continue;
            }

            var declared = nullability.Create(member);
            var element = declared.ElementType ?? (declared.GenericTypeArguments.Length == 1 ? declared.GenericTypeArguments[0] : null);
            if (element is { ReadState: NullabilityState.NotNull } && !element.Type.IsValueType)
            {
                lists.Add((property.Name, property.Get));
            }
        }

        if (lists.Count == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            foreach (var (name, get) in lists)
            {
                if (get(value) is not IEnumerable items)
                {
                    continue;
                }

                var index = 0;
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        throw new NullElementException($"{name}[{index}]");
                    }

                    index++;
                }
            }
        };
    }
}

/// <summary>A null element in a list that may not hold one; <see cref="Member"/> names it (<c>points[3]</c>).</summary>
public sealed class NullElementException(string member)
    : JsonException($"'{member}' is null; an element of this list must be a value, not null.")
{
    public string Member { get; } = member;
}
