using System.Globalization;
using Incident.Api.Features.Signals.Detection;
using Incident.Api.Infrastructure.Mediation;

namespace Incident.Api.Features.Signals;

/// <summary>
/// One point as it arrived, text still unparsed, with the name of its row in the caller's terms
/// ("points[3]" in JSON, "line 5" in CSV) so every problem names the row.
/// </summary>
public sealed record SignalPointInput(string Row, string? Timestamp, string? Value)
{
    /// <summary>
    /// The key a problem with one of the point's fields is reported under: the field itself in JSON
    /// (<c>points[3].timestamp</c>, issue 11); in CSV the line ("line 5"), whose message names the column.
    /// </summary>
    public string Field(string name) => Row.StartsWith("line ", StringComparison.Ordinal) ? Row : $"{Row}.{name}";
}

/// <summary>A parsed point.</summary>
public readonly record struct SignalPoint(DateTimeOffset Timestamp, double Value);

/// <summary>The series a batch belongs to, as the caller named it.</summary>
public sealed record SeriesKey(string? BusinessLine, string? Category, string? Metric);

/// <summary>Parsing and the in-batch checks shared by the API, the CSV reader and import-signals.</summary>
public static class SignalBatch
{
    /// <summary>Problems reported per request: enough to fix a file, not a 10,000-line response.</summary>
    public const int MaxReportedProblems = 20;

    /// <summary>Parses one point; null and a message naming the problem when it does not parse.</summary>
    public static SignalPoint? TryParse(SignalPointInput input, out string? problem) => TryParse(input, out problem, out _);

    /// <summary>Parses one point; null, a message naming the problem and the field it is about when it does not parse.</summary>
    public static SignalPoint? TryParse(SignalPointInput input, out string? problem, out string field)
    {
        ArgumentNullException.ThrowIfNull(input);
        problem = null;
        field = "timestamp";
        if (string.IsNullOrWhiteSpace(input.Timestamp))
        {
            problem = "timestamp is missing.";
            return null;
        }

        DateTimeOffset timestamp;
        try
        {
            timestamp = CsvScoring.ParseTimestamp(input.Timestamp);
        }
        catch (FormatException)
        {
            problem = $"timestamp '{Shorten(input.Timestamp)}' is not a date and time.";
            return null;
        }

        field = "value";
        if (string.IsNullOrWhiteSpace(input.Value))
        {
            problem = "value is missing.";
            return null;
        }

        if (!double.TryParse(input.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            problem = $"value '{Shorten(input.Value)}' is not a number.";
            return null;
        }

        if (!double.IsFinite(value))
        {
            problem = $"value '{Shorten(input.Value)}' is not a finite number.";
            return null;
        }

        // PostgreSQL keeps microseconds: truncate everywhere so "strictly after" means the same on every provider.
        return new SignalPoint(new DateTimeOffset(timestamp.UtcTicks - (timestamp.UtcTicks % 10), TimeSpan.Zero), value);
    }

    /// <summary>Parses a batch and checks that timestamps strictly increase; adds every problem (up to a cap) to <paramref name="errors"/>.</summary>
    public static List<SignalPoint> Parse(IReadOnlyList<SignalPointInput> inputs, ValidationErrors errors)
    {
        var points = new List<SignalPoint>(inputs.Count);
        var problems = 0;
        DateTimeOffset? previous = null;
        foreach (var input in inputs)
        {
            var point = TryParse(input, out var problem, out var field);
            if (point is { } p && previous is { } before && p.Timestamp <= before)
            {
                field = "timestamp";
                problem = p.Timestamp == before
                    ? $"timestamp {p.Timestamp:O} repeats the previous row's; timestamps must strictly increase."
                    : $"timestamp {p.Timestamp:O} is before the previous row's ({before:O}); timestamps must strictly increase.";
            }

            if (problem is not null)
            {
                if (++problems <= MaxReportedProblems)
                {
                    errors.Add(input.Field(field), $"{input.Row}: {problem}");
                }

                continue;
            }

            previous = point!.Value.Timestamp;
            points.Add(point.Value);
        }

        errors.Check(problems <= MaxReportedProblems, "points", $"{problems - MaxReportedProblems} more row(s) have problems.");
        return points;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
