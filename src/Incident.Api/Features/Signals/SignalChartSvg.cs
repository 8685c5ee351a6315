using System.Globalization;
using System.Net;
using System.Text;

namespace Incident.Api.Features.Signals;

/// <summary>A small static chart of one series for reports: values as a line, anomaly windows shaded, the baseline dashed.</summary>
public static class SignalChartSvg
{
    private const double Width = 640;
    private const double Height = 180;
    private const double Left = 56;
    private const double Right = 8;
    private const double Top = 10;
    private const double Bottom = 24;
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(
        IReadOnlyList<(DateTimeOffset At, double Value)> points,
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> windows,
        double? baseline)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(windows);
        if (points.Count < 2)
        {
            throw new ArgumentException("A chart needs two points at least.", nameof(points));
        }

        var t0 = points[0].At;
        var span = Math.Max(1, (points[^1].At - t0).TotalSeconds);
        var low = points.Min(p => p.Value);
        var high = points.Max(p => p.Value);
        if (baseline is { } b)
        {
            (low, high) = (Math.Min(low, b), Math.Max(high, b));
        }

        var pad = high > low ? (high - low) * 0.05 : Math.Max(1, Math.Abs(high) * 0.05);
        (low, high) = (low - pad, high + pad);
        double X(DateTimeOffset at) => Left + ((at - t0).TotalSeconds / span * (Width - Left - Right));
        double Y(double value) => Top + ((high - value) / (high - low) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"10\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
        foreach (var (start, end) in windows)
        {
            var x1 = Math.Clamp(X(start), Left, Width - Right);
            var x2 = Math.Clamp(X(end), Left, Width - Right);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{F(x1 - 2)}\" y=\"{F(Top)}\" width=\"{F(Math.Max(4, x2 - x1 + 4))}\" height=\"{F(Height - Top - Bottom)}\" fill=\"#f8d0d0\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{F(Left)}\" y1=\"{F(Height - Bottom)}\" x2=\"{F(Width - Right)}\" y2=\"{F(Height - Bottom)}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{F(Left)}\" y1=\"{F(Top)}\" x2=\"{F(Left)}\" y2=\"{F(Height - Bottom)}\" stroke=\"#888\"/>");
        if (baseline is { } line)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(Left)}\" y1=\"{F(Y(line))}\" x2=\"{F(Width - Right)}\" y2=\"{F(Y(line))}\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>");
        }

        svg.Append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.4\" points=\"");
        foreach (var (at, value) in points)
        {
            svg.Append(F(X(at))).Append(',').Append(F(Y(value))).Append(' ');
        }

        svg.Append("\"/>");
        Label(svg, Left - 4, Top + 8, "end", Number(high - pad));
        Label(svg, Left - 4, Height - Bottom, "end", Number(low + pad));
        Label(svg, Left, Height - 8, "start", Time(points[0].At));
        Label(svg, Width - Right, Height - 8, "end", Time(points[^1].At));
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The values as block characters, each the largest value of its stretch of the series.</summary>
    public static string Sparkline(IReadOnlyList<double> values, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 || width < 1)
        {
            return "";
        }

        var buckets = Math.Min(width, values.Count);
        var peaks = new double[buckets];
        for (var i = 0; i < buckets; i++)
        {
            var from = i * values.Count / buckets;
            var to = Math.Max(from + 1, (i + 1) * values.Count / buckets);
            peaks[i] = values.Skip(from).Take(to - from).Max();
        }

        var (low, high) = (peaks.Min(), peaks.Max());
        return string.Concat(peaks.Select(v => Blocks[high > low ? (int)Math.Round((v - low) / (high - low) * (Blocks.Length - 1)) : 0]));
    }

    private static void Label(StringBuilder svg, double x, double y, string anchor, string text) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" fill=\"#333\">{WebUtility.HtmlEncode(text)}</text>");

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
