using System.Globalization;

namespace Incident.Api.Features.Reports;

/// <summary>The "Incident:Reports" configuration section.</summary>
public sealed class ReportsOptions
{
    public const string Section = "Incident:Reports";

    /// <summary>Where admins keep edited templates (&lt;kind&gt;.md); default &lt;content root&gt;/reports/templates, else the embedded copy.</summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>Local time of day (HH:mm) the daily digest is produced.</summary>
    public string DigestTime { get; set; } = "08:00";

    /// <summary>IANA (or Windows) id of the zone <see cref="DigestTime"/> and the digest's day are in.</summary>
    public string DigestTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// Departments a digest is published to (empty: every department). Risk ops only by default: the digest names
    /// incidents a partner department may not be involved in, and API.md's visibility rule forbids that leak.
    /// </summary>
    public string[] DigestAudience { get; set; } = ["risk-ops"];

    public TimeOnly DigestLocalTime() =>
        TimeOnly.TryParseExact(DigestTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new InvalidOperationException($"{Section}:DigestTime must be a local time like 08:00 (got '{DigestTime}').");

    public TimeZoneInfo Zone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(DigestTimeZone);
        }
        catch (TimeZoneNotFoundException) when (DigestTimeZone == "Asia/Shanghai")
        {
            // A host without tzdata still gets the default: China Standard Time has had no DST since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new InvalidOperationException($"{Section}:DigestTimeZone '{DigestTimeZone}' is not a time zone this host knows.", e);
        }
    }
}
