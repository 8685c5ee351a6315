using System.Globalization;
using Incident.Api.Features.Incidents;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Limits;
using Microsoft.Extensions.Options;

namespace Incident.Api.Features.Reports;

/// <summary>Fills a kind's template from an incident and every registered <see cref="IReportSection"/>.</summary>
public sealed class ReportComposer(ReportTemplates templates, IEnumerable<IReportSection> sections, IOptions<InputLimits>? limits = null)
{
    public const int MaxTitle = 200;

    public Task<(string Title, string Markdown)> ComposeAsync(RiskIncident incident, string kind, Viewer author, DateTimeOffset now, CancellationToken ct) =>
        ComposeAsync(incident, kind, null, author, now, ct);

    /// <summary>Drafts from the kind's template, or from one of its variants (<see cref="ReportTemplates.LoadAsync(string, string?, CancellationToken)"/>).</summary>
    public async Task<(string Title, string Markdown)> ComposeAsync(
        RiskIncident incident, string kind, string? variant, Viewer author, DateTimeOffset now, CancellationToken ct)
    {
        var template = await templates.LoadAsync(kind, variant, ct);
        var context = new ReportContext(incident, kind, now);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["incident.key"] = incident.Key,
            ["incident.title"] = incident.Title,
            ["incident.summary"] = incident.Summary,
            ["incident.severity"] = incident.Severity,
            ["incident.category"] = incident.Category,
            ["incident.businessLine"] = incident.BusinessLine,
            ["incident.stage"] = incident.Stage,
            ["incident.status"] = incident.Status,
            ["incident.ownerDepartment"] = incident.OwnerDepartment,
            ["incident.departments"] = string.Join(", ", incident.Departments),
            ["incident.escalationLevel"] = incident.EscalationLevel.ToString(CultureInfo.InvariantCulture),
            ["incident.openedAt"] = Md.Time(incident.OpenedAt),
            ["incident.updatedAt"] = Md.Time(incident.UpdatedAt),
            ["report.kind"] = kind,
            ["report.author"] = string.IsNullOrWhiteSpace(author.DisplayName) ? author.Username : author.DisplayName,
            ["report.draftedAt"] = Md.Time(now),
        };

        // Registration order decides nothing: each section fills its own template field. Two with one name: the last wins.
        foreach (var section in sections)
        {
            values["section." + section.Name] = await section.RenderAsync(context, ct);
        }

        var markdown = ReportTemplates.Fill(template, values);
        var max = (limits?.Value ?? InputLimits.Default).MaxReportMarkdownChars;
        if (markdown.Length > max)
        {
            // A draft nobody could save again (PUT refuses it) is not made.
            throw new InputLimitExceededException(
                nameof(InputLimits.MaxReportMarkdownChars), max,
                $"The {kind} report filled from its template has {InputLimits.Count(markdown.Length)} characters, more than {InputLimits.Count(max)}.",
                StatusCodes.Status422UnprocessableEntity);
        }

        var title = ReportTemplates.TitleOf(markdown) is { Length: > 0 } heading ? heading : $"{kind} report {incident.Key}";
        return (title.Length > MaxTitle ? title[..(MaxTitle - 1)] + "…" : title, markdown);
    }
}
