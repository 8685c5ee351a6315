using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Incident.Api.Infrastructure.Security;

/// <summary>
/// Issue 11 item 5 (README "Security"): sign-in attempts per client address and API requests per user, each a
/// fixed window; over the limit is 429 with Retry-After and a problem naming the limit.
/// </summary>
public sealed class RateLimits
{
    public const string Section = "Incident:RateLimits";

    public const string SignInPolicy = "sign-in";

    public int SignInPermitLimit { get; set; } = 100;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    public int UserPermitLimit { get; set; } = 3000;

    public TimeSpan UserWindow { get; set; } = TimeSpan.FromMinutes(1);

    public static void Add(IServiceCollection services, RateLimits limits) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(SignInPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => Window(limits.SignInPermitLimit, limits.SignInWindow)));
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            http.User.Identity is { IsAuthenticated: true } identity
                ? RateLimitPartition.GetFixedWindowLimiter(
                    "user:" + (identity.Name ?? http.User.FindFirst("sub")?.Value ?? http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value),
                    _ => Window(limits.UserPermitLimit, limits.UserWindow))
                : RateLimitPartition.GetNoLimiter(""));
        o.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var signIn = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInPolicy;
            var window = signIn ? limits.SignInWindow : limits.UserWindow;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var limit = signIn ? nameof(SignInPermitLimit) : nameof(UserPermitLimit);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Type = Errors.ProblemDetailsExceptionHandler.TypeBase + "rate-limited",
                    Title = "Too many requests.",
                    Detail = signIn
                        ? $"Too many sign-in attempts from this address: at most {limits.SignInPermitLimit} per {limits.SignInWindow}. Retry after {seconds} s."
                        : $"Too many requests for this user: at most {limits.UserPermitLimit} per {limits.UserWindow}. Retry after {seconds} s.",
                    Extensions = { ["limit"] = $"{Section}:{limit}", ["retryAfter"] = seconds },
                },
            });
        };
    });

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}
