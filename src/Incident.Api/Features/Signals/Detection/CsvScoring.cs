using System.Globalization;
using System.Text;

namespace Incident.Api.Features.Signals.Detection;

/// <summary>One input row: the timestamp text is kept verbatim so output rows match input rows.</summary>
public readonly record struct SeriesPoint(string TimestampText, DateTimeOffset Timestamp, double Value);

/// <summary>
/// Reads <c>timestamp,value</c> CSV files and writes <c>timestamp,value,anomaly_score</c>,
/// the layout NAB's scorer reads (it pairs result rows with data rows by position).
/// </summary>
public static class CsvScoring
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    public static DateTimeOffset ParseTimestamp(string text)
    {
        var s = text.Trim();
        // NAB timestamps carry no offset and are UTC by convention.
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(s, TimestampFormats, CultureInfo.InvariantCulture, utc, out var exact))
        {
            return exact;
        }
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, utc, out var iso))
        {
            return iso;
        }
        throw new FormatException($"Cannot parse timestamp '{text}'.");
    }

    public static List<SeriesPoint> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException("Empty CSV: no header row.");
        var columns = header.TrimStart('\uFEFF').Split(',');
        var tsCol = Array.FindIndex(columns, c => c.Trim().Equals("timestamp", StringComparison.OrdinalIgnoreCase));
        var valCol = Array.FindIndex(columns, c => c.Trim().Equals("value", StringComparison.OrdinalIgnoreCase));
        if (tsCol < 0 || valCol < 0)
        {
            throw new FormatException("CSV header must contain 'timestamp' and 'value' columns.");
        }

        var points = new List<SeriesPoint>();
        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(',');
            if (parts.Length <= Math.Max(tsCol, valCol))
            {
                throw new FormatException($"Line {lineNo}: expected at least {Math.Max(tsCol, valCol) + 1} columns.");
            }
            var value = double.TryParse(parts[valCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : double.NaN;
            var tsText = parts[tsCol].Trim();
            points.Add(new SeriesPoint(tsText, ParseTimestamp(tsText), value));
        }
        return points;
    }

    /// <summary>Scores every point in order with a fresh detector.</summary>
    public static double[] ScoreAll(IReadOnlyList<SeriesPoint> points, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var detector = new AnomalyDetector(options);
        var scores = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            scores[i] = detector.Score(points[i].Timestamp, points[i].Value);
        }
        return scores;
    }

    public static void Write(TextWriter writer, IReadOnlyList<SeriesPoint> points, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(scores);
        writer.Write("timestamp,value,anomaly_score\n");
        var sb = new StringBuilder(64);
        for (var i = 0; i < points.Count; i++)
        {
            sb.Clear();
            sb.Append(points[i].TimestampText).Append(',')
              .Append(points[i].Value.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(scores[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            writer.Write(sb);
        }
    }

    /// <summary>
    /// Scores one CSV file into <paramref name="outputPath"/>; returns the number of alerts
    /// (scores at or above the alert threshold).
    /// </summary>
    public static int ScoreFile(string inputPath, string outputPath, DetectorOptions? options = null)
    {
        options ??= new DetectorOptions();
        List<SeriesPoint> points;
        using (var reader = new StreamReader(inputPath))
        {
            points = Read(reader);
        }
        var scores = ScoreAll(points, options);
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        using (var writer = new StreamWriter(outputPath, append: false, new UTF8Encoding(false)))
        {
            Write(writer, points, scores);
        }
        return scores.Count(s => s >= options.AlertThreshold);
    }
}
