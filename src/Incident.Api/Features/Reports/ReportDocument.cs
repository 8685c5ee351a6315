using System.Net;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Incident.Api.Features.Reports;

/// <summary>
/// A report as a print-ready HTML page. Report text is user input: raw HTML is escaped (DisableHtml),
/// link targets other than http(s), mailto, relative or anchors are dropped (images may also be inline
/// base64 SVG, the signal charts), and the page forbids scripts by Content-Security-Policy besides.
/// </summary>
public static class ReportDocument
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:";

    private const string InlineSvg = "data:image/svg+xml;base64,";

    private static readonly System.Buffers.SearchValues<char> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private const string PrintStyle =
        """
        body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; font-size: 11pt; line-height: 1.55; color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 18pt; border-bottom: 2px solid #111; padding-bottom: .3rem; }
        h2 { font-size: 14pt; margin-top: 1.6rem; border-bottom: 1px solid #bbb; }
        table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
        th, td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        blockquote { margin: .6rem 0; padding: .3rem .8rem; border-left: 4px solid #c00; background: #fafafa; }
        code { font-family: ui-monospace, monospace; font-size: 10pt; }
        footer { margin-top: 2rem; font-size: 9pt; color: #555; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
        """;

    /// <summary>
    /// Why Markdown cannot be rendered, or null: Markdig refuses input nested past its depth limit (thousands of
    /// <c>&gt;</c> or list levels) with an ArgumentException, which must be a 400 on edit, not a 500 on export.
    /// </summary>
    public static string? Problem(string markdown)
    {
        try
        {
            Markdown.Parse(markdown, Pipeline);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"the Markdown cannot be rendered: {e.Message}";
        }
    }

    public static string ToHtml(ReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(report.Markdown, Pipeline);
        }
        catch (ArgumentException e)
        {
            throw new Infrastructure.Errors.UnprocessableException($"The report's Markdown cannot be rendered as HTML: {e.Message}", "markdown-unrenderable");
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = link.IsImage ? SafeImage(link.Url) : Safe(link.Url);
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            link.Url = Safe(link.Url) ?? "#";
        }

        using var body = new StringWriter();
        var renderer = new HtmlRenderer(body);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        body.Flush();

        var title = WebUtility.HtmlEncode(report.Title);
        var footer = WebUtility.HtmlEncode(
            $"{report.IncidentKey ?? report.DigestDate} · {report.Kind} · {report.Status} · v{report.Version} · {Md.Time(report.PublishedAt ?? report.UpdatedAt)}");
        return $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <style>
            {PrintStyle}
            </style>
            </head>
            <body>
            <article>
            {body}
            </article>
            <footer>{footer}</footer>
            </body>
            </html>
            """;
    }

    /// <summary>Images: what links may point at, and the SVG charts reports carry inline (an SVG image runs no script).</summary>
    private static string? SafeImage(string? url) =>
        url is not null && url.StartsWith(InlineSvg, StringComparison.Ordinal) && url.AsSpan(InlineSvg.Length).IndexOfAnyExcept(Base64Chars) < 0
            ? url
            : Safe(url);

    private static string? Safe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }

        // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so judge it without them.
        var compact = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var firstPathChar = compact.IndexOfAny(['/', '?', '#']);
        var hasScheme = colon >= 0 && (firstPathChar < 0 || colon < firstPathChar);
        if (!hasScheme)
        {
            return url;
        }

        var scheme = compact[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? url : "#";
    }
}
