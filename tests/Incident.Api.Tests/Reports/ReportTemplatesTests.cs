using Incident.Api.Features.Reports;
using Incident.Api.Infrastructure.Limits;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Incident.Api.Tests.Reports;

/// <summary>ADR-0010: an admin's template copy wins per kind, the embedded one is the fallback; placeholders fill in one pass.</summary>
public sealed class ReportTemplatesTests
{
    [Fact]
    public async Task An_edited_template_in_the_configured_directory_wins_and_other_kinds_fall_back_to_the_embedded_copy()
    {
        var directory = Directory.CreateTempSubdirectory("report-templates-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "special.md"), "# Edited {{incident.key}}\n");
            var templates = new ReportTemplates(Options.Create(new ReportsOptions { TemplateDirectory = directory.FullName }), new Host("/nowhere"));

            (await templates.LoadAsync("special", default)).ShouldBe("# Edited {{incident.key}}\n");
            (await templates.LoadAsync("flash", default)).ShouldStartWith("# 快报 Flash report");
            await Should.ThrowAsync<ArgumentOutOfRangeException>(() => templates.LoadAsync("../secrets", default));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_template_over_the_size_limit_is_refused_naming_the_limit_issue_11()
    {
        var directory = Directory.CreateTempSubdirectory("report-templates-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "special.md"), "# Big\n" + new string('x', 2_000));
            var templates = new ReportTemplates(
                Options.Create(new ReportsOptions { TemplateDirectory = directory.FullName }), new Host("/nowhere"),
                Options.Create(new InputLimits { MaxTemplateChars = 1_000 }));

            var refused = await Should.ThrowAsync<InputLimitExceededException>(() => templates.LoadAsync("special", default));
            refused.Limit.ShouldBe(nameof(InputLimits.MaxTemplateChars));
            refused.Status.ShouldBe(422);
            refused.Message.ShouldContain("larger than 1,000 characters");
            (await templates.LoadAsync("flash", default)).ShouldStartWith("# 快报 Flash report");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_default_directory_is_reports_templates_under_the_content_root()
    {
        var templates = new ReportTemplates(Options.Create(new ReportsOptions()), new Host("/srv/incident"));

        templates.Directory.ShouldBe(Path.Combine("/srv/incident", "reports", "templates"));
    }

    [Fact]
    public void Missing_sections_vanish_unknown_placeholders_stay_and_inserted_text_is_never_expanded_again()
    {
        const string template = "# {{incident.title}}\n\n{{section.clusters}}\n\n  {{section.timeline}}  \n\nSee {{incident.typo}}.\n\n\n\nEnd {{section.inline}}\n";
        var values = new Dictionary<string, string?>
        {
            ["incident.title"] = "Title with {{section.timeline}} and {{incident.title}}",
            ["section.timeline"] = "## Timeline\n\n- one\n",
        };

        var filled = ReportTemplates.Fill(template, values);

        filled.ShouldBe("# Title with {{section.timeline}} and {{incident.title}}\n\n## Timeline\n\n- one\n\nSee {{incident.typo}}.\n\nEnd {{section.inline}}\n");
        ReportTemplates.TitleOf(filled).ShouldBe("Title with {{section.timeline}} and {{incident.title}}");
    }

    private sealed class Host(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "Incident.Api";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
