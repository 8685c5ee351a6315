namespace Incident.Api.Infrastructure.Security;

/// <summary>
/// Issue 11 item 5 (README "Security"): every response carries a Content-Security-Policy without inline scripts or
/// styles, nosniff, no framing and a strict referrer policy. The /scalar reference page renders with inline
/// script and style of its own, so it gets a policy that allows those and still nothing from elsewhere.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // OnStarting: the exception handler and status-code pages clear or write responses after this runs.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // A route with a policy of its own (the report export's stricter one) keeps it, framing still refused.
            var own = headers.ContentSecurityPolicy.ToString();
            headers.ContentSecurityPolicy = own.Length == 0
                ? http.Request.Path.StartsWithSegments("/scalar") ? ApiReferencePolicy : Policy
                : own.Contains("frame-ancestors", StringComparison.Ordinal) ? own : own + "; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
