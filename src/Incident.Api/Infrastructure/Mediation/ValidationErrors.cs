using Incident.Api.Infrastructure.Errors;

namespace Incident.Api.Infrastructure.Mediation;

public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public int Count => errors.Count;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="ok"/> is false.</summary>
    public void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            Add(field, message);
        }
    }

    public void Text(string? value, string field, int min, int max)
    {
        var length = value?.Trim().Length ?? 0;
        if (min > 0 && length == 0)
        {
            Add(field, $"'{field}' is required.");
        }
        else if (value is not null && value.Length > max)
        {
            Add(field, $"'{field}' must be at most {max} characters (got {value.Length}).");
        }
    }

    public void OneOf(string? value, string field, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null)
        {
            Check(!required, field, $"'{field}' is required; one of: {string.Join(", ", allowed)}.");
        }
        else if (!allowed.Contains(value))
        {
            Add(field, $"Unknown {field} '{value}'; expected one of: {string.Join(", ", allowed)}.");
        }
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
