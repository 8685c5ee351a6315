using System.Text.Json;
using System.Text.RegularExpressions;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Limits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Incident.Api.Infrastructure.Errors;

/// <summary>
/// Every error becomes RFC 7807 problem details; unexpected ones are logged with their stack
/// and reach the client as a bare 500 with a trace id, never the exception text.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems,
    IOptions<InputLimits> limits,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public const string TypeBase = "https://incident.local/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var details = Map(exception);
        if (details.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        }
        else if (details.Status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }
        else
        {
            LogRejected(logger, context.Request.Method, context.Request.Path, details.Status ?? 400, details.Detail ?? details.Title ?? "");
        }

        context.Response.StatusCode = details.Status ?? 500;
        if (details.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = details,
            Exception = exception,
        });
    }

    private ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationFailedException v => new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400,
            Title = "The request is invalid.",
            Detail = string.Join(" ", v.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            Type = TypeBase + v.Type,
        },
        InputLimitExceededException l => LimitExceeded(l.Status, l.Limit, l.Max, l.Message, l.Field),
        NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found.", Detail = n.Message, Type = TypeBase + "not-found" },
        ForbiddenException f => new ProblemDetails { Status = 403, Title = "Forbidden.", Detail = f.Message, Type = TypeBase + "forbidden" },
        ConflictException c => WithExtensions(
            new ProblemDetails { Status = 409, Title = "Conflict.", Detail = c.Message, Type = TypeBase + c.Type },
            ("currentVersion", c.CurrentVersion),
            ("current", c.Current)),
        UnprocessableException u => WithExtensions(
            new ProblemDetails { Status = 422, Title = "Unprocessable request.", Detail = u.Message, Type = TypeBase + u.Type },
            ("problems", u.Problems)),
        BadHttpRequestException b => BadRequest(b),
        JsonException j => FromJson(j),
        _ when DatabaseUnavailable.Is(exception) => new ProblemDetails
        {
            Status = 503,
            Title = "The service is briefly unavailable.",
            Detail = $"The database does not answer; nothing was changed. Retry after {DatabaseUnavailable.RetryAfterSeconds} seconds (with the same Idempotency-Key).",
            Type = TypeBase + "database-unavailable",
        },
        _ => new ProblemDetails { Status = 500, Title = "An unexpected error occurred.", Type = TypeBase + "internal" },
    };

    private ProblemDetails BadRequest(BadHttpRequestException b)
    {
        if (b.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyTooLarge(b);
        }

        var title = b.StatusCode switch
        {
            415 => "Unsupported content type.",
            _ => "The request is malformed.",
        };
        return new ProblemDetails { Status = b.StatusCode, Title = title, Detail = b.Message, Type = TypeBase + "bad-request" };
    }

    /// <summary>Kestrel's 413 names the byte count; the problem also names the setting that has that value.</summary>
    private ProblemDetails BodyTooLarge(BadHttpRequestException b)
    {
        var max = BodySize().Match(b.Message) is { Success: true } m && long.TryParse(m.Groups["bytes"].Value, out var bytes) ? bytes : limits.Value.MaxRequestBodyBytes;
        return BodyTooLarge(max, limits.Value);
    }

    /// <summary>
    /// The 413 of a body over its route's limit, naming the InputLimits setting of that size. Also used for the
    /// 413 the framework answers by itself (a body refused before the endpoint runs), from the request's limit.
    /// </summary>
    public static ProblemDetails BodyTooLarge(long max, InputLimits configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var limit = max == configured.MaxUploadBodyBytes ? nameof(InputLimits.MaxUploadBodyBytes)
            : max == configured.MaxSignalsBodyBytes ? nameof(InputLimits.MaxSignalsBodyBytes)
            : nameof(InputLimits.MaxRequestBodyBytes);
        return LimitExceeded(StatusCodes.Status413PayloadTooLarge, limit, max, $"The request body is larger than {InputLimits.Count(max)} bytes.", null);
    }

    /// <summary>AddProblemDetails: a bare 413 (no exception reached the handler) becomes the input-limit problem.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Type?.EndsWith("/input-limit", StringComparison.Ordinal) != true)
        {
            var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<InputLimits>>().Value;
            var max = context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
                ?? configured.MaxRequestBodyBytes;
            var details = BodyTooLarge(max, configured);
            context.ProblemDetails.Type = details.Type;
            context.ProblemDetails.Title = details.Title;
            context.ProblemDetails.Detail = details.Detail;
            foreach (var (key, value) in details.Extensions)
            {
                context.ProblemDetails.Extensions[key] = value;
            }
        }
    }

    /// <summary>
    /// A body System.Text.Json refused: nesting over MaxDepth (an input-limit problem), a member named twice
    /// (duplicate-member), or a value of the wrong shape; each names the field from the reader's path.
    /// </summary>
    private ProblemDetails FromJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        if (json is NullElementException nulls)
        {
            field = field is null ? nulls.Member : $"{field}.{nulls.Member}";
            return Malformed(field, nulls.Message, "validation");
        }

        if (json.Message.StartsWith("The maximum configured depth", StringComparison.Ordinal))
        {
            var max = limits.Value.MaxDepth;
            return LimitExceeded(400, nameof(InputLimits.MaxDepth), max,
                $"The JSON body has nesting deeper than {max} levels{(json.Path is null ? "" : $" (at '{json.Path}')")}.", field);
        }

        if (json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            var name = QuotedName().Match(json.Message) is { Success: true } m ? m.Groups["name"].Value : field?.Split('.')[^1];
            return Malformed(field ?? "$", $"duplicate member{(name is null ? "" : $" '{name}'")}: a JSON member may appear only once in an object.", "duplicate-member");
        }

        var detail = $"The body is not valid JSON of the expected shape{(json.Path is null ? "" : $" at '{json.Path}'")}: {json.Message}";
        return field is null
            ? new ProblemDetails { Status = 400, Title = "The request is malformed.", Detail = detail, Type = TypeBase + "bad-request" }
            : Malformed(field, detail, "bad-request");
    }

    private static ValidationProblemDetails Malformed(string field, string message, string type) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "The request is malformed.",
            Detail = $"{field}: {message}",
            Type = TypeBase + type,
        };

    private static ProblemDetails LimitExceeded(int status, string limit, long max, string message, string? field)
    {
        var detail = $"{message} Limit: {InputLimits.Key(limit)} = {InputLimits.Count(max)}.";
        ProblemDetails details = field is null
            ? new ProblemDetails()
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] });
        details.Status = status;
        details.Title = status == 413 ? "The request is too large." : "The request exceeds an input limit.";
        details.Detail = detail;
        details.Type = TypeBase + "input-limit";
        details.Extensions["limit"] = InputLimits.Key(limit);
        details.Extensions["max"] = max;
        return details;
    }

    /// <summary>"$.points[0].timestamp" → "points[0].timestamp"; "$[3].text" → "[3].text" (the samples array); "$" → none.</summary>
    private static string? FieldOf(string? path) =>
        path is null or "$" or "" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [GeneratedRegex(@"max request body size is (?<bytes>\d+) bytes")]
    private static partial Regex BodySize();

    [GeneratedRegex("'(?<name>[^']*)'")]
    private static partial Regex QuotedName();

    private static ProblemDetails WithExtensions(ProblemDetails details, params (string Key, object? Value)[] extensions)
    {
        foreach (var (key, value) in extensions)
        {
            if (value is not null)
            {
                details.Extensions[key] = value;
            }
        }

        return details;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered {Method} {Path} with 503: the database is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {Status}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int status, string detail);
}
