using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Governance.Effectiveness;

/// <summary>
/// The few date expressions the effectiveness queries need that no two providers spell alike. SQLite keeps
/// times as UTC text "yyyy-MM-dd HH:mm:ss.FFFFFFF+00:00" (DapperSetup), so its day and month are prefixes.
/// </summary>
internal static class EffectivenessSql
{
    /// <summary>
    /// A boolean constant. Written as a literal, not a parameter, so the planners can match the partial
    /// "standing records" index (0052); SQL Server has no boolean literals, its bit columns compare to 0 and 1.
    /// </summary>
    public static string Bool(SqlDialect dialect, bool value) => dialect.Provider switch
    {
        DatabaseProvider.SqlServer or DatabaseProvider.Sqlite => value ? "1" : "0",
        _ => value ? "true" : "false",
    };

    /// <summary>The UTC day of a time column as 'yyyy-MM-dd' text.</summary>
    public static string UtcDay(SqlDialect dialect, string column) => dialect.Provider switch
    {
        DatabaseProvider.Postgres => $"to_char({column} at time zone 'UTC', 'YYYY-MM-DD')",
        DatabaseProvider.SqlServer => $"convert(char(10), switchoffset({column}, '+00:00'), 23)",
        _ => $"substr({column}, 1, 10)",
    };

    /// <summary>The UTC month of a time column as 'yyyy-MM' text.</summary>
    public static string UtcMonth(SqlDialect dialect, string column) => dialect.Provider switch
    {
        DatabaseProvider.Postgres => $"to_char({column} at time zone 'UTC', 'YYYY-MM')",
        DatabaseProvider.SqlServer => $"convert(char(7), switchoffset({column}, '+00:00'), 23)",
        _ => $"substr({column}, 1, 7)",
    };

    /// <summary>Hours from one time column to another, to the millisecond (SQLite's julianday is no finer).</summary>
    public static string HoursBetween(SqlDialect dialect, string from, string to) => dialect.Provider switch
    {
        DatabaseProvider.Postgres => $"cast(round(extract(epoch from ({to} - {from})) * 1000) / 3600000.0 as double precision)",
        DatabaseProvider.SqlServer => $"cast(datediff_big(millisecond, {from}, {to}) as float) / 3600000.0",
        _ => $"round((julianday({to}) - julianday({from})) * 86400000.0) / 3600000.0",
    };

    /// <summary>The later time column lies after the earlier one and at most <paramref name="daysParameter"/> days after it.</summary>
    public static string WithinDaysAfter(SqlDialect dialect, string later, string earlier, string daysParameter) => dialect.Provider switch
    {
        DatabaseProvider.Postgres => $"{later} > {earlier} and {later} <= {earlier} + make_interval(days => {daysParameter})",
        DatabaseProvider.SqlServer => $"{later} > {earlier} and {later} <= dateadd(day, {daysParameter}, {earlier})",
        _ => $"{later} > {earlier} and julianday({later}) <= julianday({earlier}) + {daysParameter}",
    };
}
