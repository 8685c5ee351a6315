using System.Data;
using System.Globalization;
using Dapper;

namespace Incident.Api.Infrastructure.Database;

/// <summary>
/// SQLite has no uuid or timestamp type: ids and times travel as TEXT there. Parameters bind the
/// same way whether Dapper routes them through these handlers or not (Microsoft.Data.Sqlite writes a
/// Guid as upper-case text and a DateTimeOffset as "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz"); every time we
/// write is UTC, so text order is time order. Reading needs the handlers: SQLite hands back strings,
/// PostgreSQL hands timestamptz back as a UTC DateTime.
/// </summary>
public static class DapperSetup
{
    private static int done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref done, 1) == 1)
        {
            return;
        }

        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value) => parameter.Value = value;

        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new DataException($"Cannot read a Guid from {value.GetType().Name}."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a time from {value.GetType().Name}."),
        };
    }
}
