using System.Text;
using Incident.Api.Infrastructure.Limits;

namespace Incident.Api.Infrastructure.Csv;

/// <summary>
/// RFC 4180 reading of small uploads (quoted fields, doubled quotes, CRLF or LF). The first row is
/// the header; rows come back as dictionaries keyed by header name, with their 1-based line number.
/// A record over <see cref="InputLimits.MaxCsvLineChars"/> or <see cref="InputLimits.MaxCsvColumns"/> is refused (issue 11).
/// </summary>
public static class CsvText
{
    public sealed record Row(int Line, IReadOnlyDictionary<string, string> Fields);

    public static (IReadOnlyList<string> Header, IReadOnlyList<Row> Rows) Parse(string text, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = Records(text.TrimStart('\uFEFF'), limits ?? InputLimits.Default).ToList();
        if (records.Count == 0)
        {
            return ([], []);
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var rows = new List<Row>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++)
            {
                map[header[i]] = i < fields.Count ? fields[i] : "";
            }

            if (fields.Count > header.Count)
            {
                map["\u0000extra"] = string.Join(",", fields.Skip(header.Count));
            }

            rows.Add(new Row(line, map));
        }

        return (header, rows);
    }

    /// <summary>True when the row had more fields than the header (a sign of an unquoted comma).</summary>
    public static bool HasExtraFields(Row row) => row.Fields.ContainsKey("\u0000extra");

    private static IEnumerable<(int Line, List<string> Fields)> Records(string text, InputLimits limits)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        var recordStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i - recordStart >= limits.MaxCsvLineChars)
            {
                throw CsvUpload.LineTooLong(start, limits);
            }

            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count >= limits.MaxCsvColumns)
                    {
                        throw CsvUpload.TooManyColumns(start, limits);
                    }

                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (start, fields);
                    fields = [];
                    line++;
                    start = line;
                    recordStart = i + 1;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
