using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Incident.Workflows.Definitions;

namespace Incident.Api.Infrastructure.Limits;

/// <summary>
/// The "Incident:InputLimits" configuration section (issue 11, ADR-0016): how much and how deeply nested input any
/// one request may send, so that no request kills or hangs the process. Exceeding one is a 4xx problem of type
/// <c>input-limit</c> naming it (<see cref="InputLimitExceededException"/>): 413 for sizes, 400 for the rest.
/// </summary>
public sealed class InputLimits
{
    public const string Section = "Incident:InputLimits";

    /// <summary>Request bodies of every route that does not say otherwise (API.md: 1 MB).</summary>
    [Range(64 * 1024, 256L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Bulk uploads: samples, enforcement records and appeals (JSON or CSV); 20,000 short texts fit.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxUploadBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>POST /api/signals: 10,000 points, JSON or CSV.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxSignalsBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Nesting of objects and arrays in any JSON body, and of mappings and sequences in a YAML definition.</summary>
    [Range(8, 256)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Values (scalars, objects, arrays) of a workflow definition, each YAML alias counted as the nodes it expands to.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxDocumentNodes { get; set; } = 100_000;

    /// <summary>YAML alias references (<c>*name</c>) in a workflow definition.</summary>
    [Range(0, 100_000)]
    public int MaxYamlAliases { get; set; } = 100;

    /// <summary>Characters of a workflow definition document (YAML or JSON).</summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int MaxDefinitionChars { get; set; } = 512 * 1024;

    /// <summary>Characters of one CSV record (a line, or several when a quoted field holds line breaks).</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxCsvLineChars { get; set; } = 64 * 1024;

    /// <summary>Fields of one CSV record, the header included.</summary>
    [Range(2, 10_000)]
    public int MaxCsvColumns { get; set; } = 64;

    /// <summary>Characters of a report's Markdown (PUT /api/reports/{id}, and a draft filled from a template).</summary>
    [Range(1_000, 16 * 1024 * 1024)]
    public int MaxReportMarkdownChars { get; set; } = 200_000;

    /// <summary>Characters of a Markdown report template an admin keeps in the template directory.</summary>
    [Range(1_000, 16 * 1024 * 1024)]
    public int MaxTemplateChars { get; set; } = 100_000;

    /// <summary>The defaults, for code that runs without configuration (the command line).</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>The limits of workflow definition documents, as the workflow engine takes them.</summary>
    public DocumentLimits Definitions => new(MaxDepth, MaxDocumentNodes, MaxYamlAliases, MaxDefinitionChars);

    /// <summary>The configuration key of a limit, as problems name it ("Incident:InputLimits:MaxDepth").</summary>
    public static string Key(string limit) => $"{Section}:{limit}";

    /// <summary>The setting of InputLimits a workflow-engine limit corresponds to.</summary>
    public static string OfDocumentLimit(string documentLimit) => documentLimit switch
    {
        nameof(DocumentLimits.MaxDepth) => nameof(MaxDepth),
        nameof(DocumentLimits.MaxNodes) => nameof(MaxDocumentNodes),
        nameof(DocumentLimits.MaxAliases) => nameof(MaxYamlAliases),
        nameof(DocumentLimits.MaxChars) => nameof(MaxDefinitionChars),
        _ => documentLimit,
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>Input over one of the <see cref="InputLimits"/>: 413 for a size, otherwise 400; the problem names the limit and its value.</summary>
public sealed class InputLimitExceededException(string limit, long max, string message, int status = StatusCodes.Status400BadRequest, string? field = null)
    : Exception(message)
{
    /// <summary>The name of the InputLimits setting (MaxDepth, MaxCsvColumns, ...).</summary>
    public string Limit { get; } = limit;

    public long Max { get; } = max;

    public int Status { get; } = status;

    /// <summary>The field or CSV line concerned, when there is one.</summary>
    public string? Field { get; } = field;
}
