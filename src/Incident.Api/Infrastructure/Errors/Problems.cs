namespace Incident.Api.Infrastructure.Errors;

/// <summary>A request that names something the caller may not see, or that does not exist: 404.</summary>
public sealed class NotFoundException(string what, object id)
    : Exception($"No {what} with id '{id}'.");

/// <summary>A write the caller's role or department may not make on something it can see: 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>A write against stale or finished state: 409 with the current state attached.</summary>
public sealed class ConflictException(string message, string type = "conflict", object? current = null, int? currentVersion = null)
    : Exception(message)
{
    public string Type { get; } = type;

    public object? Current { get; } = current;

    public int? CurrentVersion { get; } = currentVersion;
}

/// <summary>Input that parsed but says something impossible; field → messages, 400.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors, string type = "validation")
    : Exception("One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The problem type after the base (validation, duplicate-member, ...).</summary>
    public string Type { get; } = type;

    public static ValidationFailedException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Well-formed input that cannot be processed as a whole (e.g. an idempotency key reused with another body): 422.</summary>
public sealed class UnprocessableException(string message, string type = "unprocessable", object? problems = null)
    : Exception(message)
{
    public string Type { get; } = type;

    public object? Problems { get; } = problems;
}
