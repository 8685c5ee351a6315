using System.Runtime.CompilerServices;
using Incident.Api.Infrastructure.Csv;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;

namespace Incident.Api.Features.Signals;

/// <summary>
/// Streams a <c>timestamp,value</c> CSV (API.md) as unparsed points named by their line number;
/// a wrong header or a row with another number of columns is a 400 naming the line.
/// The layout is two plain columns, so a line split is enough (no quoting beyond trimming quotes).
/// A line over <see cref="InputLimits.MaxCsvLineChars"/> is refused (issue 11).
/// </summary>
public static class SignalCsv
{
    public static IAsyncEnumerable<SignalPointInput> ReadAsync(TextReader reader, CancellationToken ct = default) =>
        ReadAsync(reader, InputLimits.Default, ct);

    public static async IAsyncEnumerable<SignalPointInput> ReadAsync(
        TextReader reader, InputLimits limits, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(limits);
        var header = await reader.ReadLineAsync(ct) ?? throw Problem("The CSV is empty; expected the header 'timestamp,value'.");
        if (header.Length > limits.MaxCsvLineChars)
        {
            throw CsvUpload.LineTooLong(1, limits);
        }

        var columns = header.TrimStart('\uFEFF').Split(',').Select(Unquote).ToArray();
        if (columns.Length != 2
            || !columns[0].Equals("timestamp", StringComparison.OrdinalIgnoreCase)
            || !columns[1].Equals("value", StringComparison.OrdinalIgnoreCase))
        {
            throw Problem($"line 1: the header must be 'timestamp,value' (got '{Shorten(header)}').");
        }

        var line = 1;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length > limits.MaxCsvLineChars)
            {
                throw CsvUpload.LineTooLong(line, limits);
            }

            if (text.Trim().Length == 0)
            {
                continue;
            }

            var parts = text.Split(',');
            if (parts.Length != 2)
            {
                throw Problem($"line {line}: expected 2 columns (timestamp,value), got {parts.Length}.");
            }

            yield return new SignalPointInput($"line {line}", Unquote(parts[0]), Unquote(parts[1]));
        }
    }

    private static ValidationFailedException Problem(string message) => ValidationFailedException.For("csv", message);

    private static string Unquote(string field) => field.Trim().Trim('"').Trim();

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
