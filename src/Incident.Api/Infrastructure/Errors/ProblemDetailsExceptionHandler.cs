using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Incident.Api.Infrastructure.Errors;

/// <summary>
/// Every error becomes RFC 7807 problem details; unexpected ones are logged with their stack
/// and reach the client as a bare 500 with a trace id, never the exception text.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public const string TypeBase = "https://incident.local/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var details = Map(exception);
        if (details.Status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }
        else
        {
            LogRejected(logger, context.Request.Method, context.Request.Path, details.Status ?? 400, details.Detail ?? details.Title ?? "");
        }

        context.Response.StatusCode = details.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = details,
            Exception = exception,
        });
    }

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationFailedException v => new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400,
            Title = "The request is invalid.",
            Detail = string.Join(" ", v.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            Type = TypeBase + "validation",
        },
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
        _ => new ProblemDetails { Status = 500, Title = "An unexpected error occurred.", Type = TypeBase + "internal" },
    };

    private static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        var detail = b.InnerException is System.Text.Json.JsonException json
            ? $"The body is not valid JSON of the expected shape{(json.Path is null ? "" : $" at '{json.Path}'")}: {json.Message}"
            : b.Message;
        var title = b.StatusCode switch
        {
            413 => "The request body is too large.",
            415 => "Unsupported content type.",
            _ => "The request is malformed.",
        };
        return new ProblemDetails { Status = b.StatusCode, Title = title, Detail = detail, Type = TypeBase + "bad-request" };
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {Status}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int status, string detail);
}
