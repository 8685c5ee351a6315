using System.Text.RegularExpressions;
using Incident.Api.Infrastructure.Limits;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Reports;

/// <summary>
/// Markdown templates per kind (reports/templates/&lt;kind&gt;.md). An admin edits the copies in the
/// template directory without a rebuild; a kind missing there falls back to the copy embedded at build.
/// Template fields are <c>{{name}}</c>; a line holding only <c>{{section.x}}</c> disappears when no
/// <see cref="IReportSection"/> named x has anything to say (ADR-0010). A template over
/// <see cref="InputLimits.MaxTemplateChars"/> is refused (issue 11), naming the file and the limit.
/// </summary>
public sealed partial class ReportTemplates(IOptions<ReportsOptions> options, IHostEnvironment environment, IOptions<InputLimits>? limits = null)
{
    private int MaxChars => (limits?.Value ?? InputLimits.Default).MaxTemplateChars;

    public string Directory => options.Value.TemplateDirectory is { Length: > 0 } configured
        ? Path.GetFullPath(configured, environment.ContentRootPath)
        : Path.Combine(environment.ContentRootPath, "reports", "templates");

    /// <summary>The template of a kind; <paramref name="kind"/> is one of <see cref="ReportKinds.All"/> (validated), never a path.</summary>
    public Task<string> LoadAsync(string kind, CancellationToken ct) => LoadAsync(kind, null, ct);

    /// <summary>
    /// The template of a kind, or of one of its variants (<c>&lt;kind&gt;.&lt;variant&gt;.md</c>, e.g. the special report
    /// "governance-effectiveness"); a variant is a plain name (<see cref="IsVariantName"/>), never a path.
    /// </summary>
    public async Task<string> LoadAsync(string kind, string? variant, CancellationToken ct)
    {
        if (!ReportKinds.All.Contains(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a report kind.");
        }

        if (variant is not null && !IsVariantName(variant))
        {
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "Not a template name.");
        }

        var name = variant is null ? kind : $"{kind}.{variant}";
        var file = Path.Combine(Directory, name + ".md");
        if (File.Exists(file))
        {
            if (new FileInfo(file).Length > MaxChars * 4L)
            {
                throw TooLarge(name, file);
            }

            var text = await File.ReadAllTextAsync(file, ct);
            return text.Length <= MaxChars ? text : throw TooLarge(name, file);
        }

        await using var stream = typeof(ReportTemplates).Assembly.GetManifestResourceStream($"reports/templates/{name}.md")
            ?? throw new InvalidOperationException($"No template '{name}' in {Directory} nor embedded.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }

    private InputLimitExceededException TooLarge(string name, string file) => new(
        nameof(InputLimits.MaxTemplateChars), MaxChars,
        $"The report template '{name}' ({file}) is larger than {InputLimits.Count(MaxChars)} characters; an admin shortens it.",
        StatusCodes.Status422UnprocessableEntity);

    /// <summary>Whether a kind has the variant, as an admin's copy or embedded.</summary>
    public bool HasVariant(string kind, string variant) =>
        ReportKinds.All.Contains(kind) && IsVariantName(variant)
        && (File.Exists(Path.Combine(Directory, $"{kind}.{variant}.md"))
            || typeof(ReportTemplates).Assembly.GetManifestResourceInfo($"reports/templates/{kind}.{variant}.md") is not null);

    public static bool IsVariantName(string variant) => VariantName().IsMatch(variant);

    /// <summary>
    /// Replaces each template field in one pass (so text inserted from an incident is never scanned again).
    /// A line that is only a <c>{{section.x}}</c> vanishes when the section has nothing; any other unknown
    /// template field stays visible for the admin to fix.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string?> values)
    {
        var lines = new List<string>();
        foreach (var line in template.ReplaceLineEndings("\n").Split('\n'))
        {
            var alone = TemplateField().Match(line.Trim());
            if (alone.Success && alone.Length == line.Trim().Length && alone.Groups["name"].Value.StartsWith("section.", StringComparison.Ordinal))
            {
                if (values.TryGetValue(alone.Groups["name"].Value, out var section) && !string.IsNullOrWhiteSpace(section))
                {
                    lines.Add(section.Trim('\n'));
                }

                continue;
            }

            lines.Add(TemplateField().Replace(line, m =>
                values.TryGetValue(m.Groups["name"].Value, out var value) && value is not null ? value : m.Value));
        }

        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim() + "\n";
    }

    /// <summary>The first level-one heading, as the report's title.</summary>
    public static string? TitleOf(string markdown) =>
        markdown.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();

    [GeneratedRegex(@"\{\{\s*(?<name>[a-zA-Z0-9.\-]+)\s*\}\}")]
    private static partial Regex TemplateField();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex VariantName();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
