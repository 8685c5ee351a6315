using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Dapper;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Features.Signals;

/// <summary>An anomaly as stored: what was detected, and the incident it opened or joined.</summary>
public sealed record AnomalyRecord(
    Guid Id, Guid SeriesId, string Fingerprint, DetectedAnomaly Detected, Guid IncidentId, string Outcome, DateTimeOffset DetectedAt);

/// <summary>All writes to signal_series, signal_points and anomalies, on the command's transaction.</summary>
public sealed class SignalStore(DbSession session)
{
    /// <summary>Rows per insert statement: 3 parameters each stays far below SQL Server's 2,100.</summary>
    private const int PointsPerStatement = 100;

    private static readonly ConcurrentDictionary<int, string> InsertPointsSql = new();

    /// <summary>Creates the series on its first batch, then loads it locked until commit, so two batches of one series queue up.</summary>
    public async Task<MonitoredSeries> LockSeriesAsync(string businessLine, string category, string metric, DateTimeOffset now, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var dialect = session.Dialect;
        // Written first even when the row exists: on SQLite the insert takes the write lock before the state is read.
        await connection.ExecuteAsync(new CommandDefinition(
            dialect.InsertIgnore(
                "signal_series",
                "id, business_line, category, metric, point_count, created_at, updated_at",
                "@id, @businessLine, @category, @metric, 0, @now, @now",
                "business_line, category, metric"),
            new { id = Guid.CreateVersion7(now), businessLine, category, metric, now }, tx, cancellationToken: ct));
        var row = await connection.QuerySingleAsync<SeriesRow>(new CommandDefinition(
            $"""
            select s.id as Id, s.business_line as BusinessLine, s.category as Category, s.metric as Metric,
                s.threshold as Threshold, s.detector_state as DetectorState, s.point_count as PointCount,
                s.last_observed_at as LastObservedAt, s.alerts_from as AlertsFrom
            from signal_series s {dialect.LockHint}
            where s.business_line = @businessLine
                and s.category = @category
                and s.metric = @metric
            {dialect.ForUpdate}
            """,
            new { businessLine, category, metric }, tx, cancellationToken: ct));
        var recent = await connection.QueryAsync<double>(new CommandDefinition(
            $"""
            select p.value
            from signal_points p
            where p.series_id = @id
            order by p.observed_at desc
            {dialect.Page}
            """,
            new { id = row.Id, skip = 0, take = MonitoredSeries.BaselinePoints }, tx, cancellationToken: ct));
        return new MonitoredSeries(row, recent.Reverse());
    }

    public async Task SaveSeriesAsync(MonitoredSeries series, DateTimeOffset now, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update signal_series
            set detector_state = @state, point_count = @pointCount, last_observed_at = @lastObservedAt, alerts_from = @alertsFrom,
                last_value = @lastValue, last_score = @lastScore, baseline = @baseline, updated_at = @now
            where id = @id
            """,
            new
            {
                id = series.Id,
                state = series.DetectorState,
                pointCount = series.PointCount,
                lastObservedAt = series.LastObservedAt,
                alertsFrom = series.AlertsFrom,
                lastValue = series.Last?.Value,
                lastScore = series.Last?.Score,
                baseline = series.Baseline,
                now,
            },
            tx,
            cancellationToken: ct));
    }

    /// <summary>
    /// Multi-row inserts on one reused command: Dapper's DynamicParameters looks each name up in the
    /// command's collection (linear on SQLite), quadratic at 750 parameters a statement. Values are bound
    /// as Dapper binds them (the provider's own Guid and DateTimeOffset mapping), so keys match its writes.
    /// </summary>
    public async Task InsertPointsAsync(Guid seriesId, IReadOnlyList<ScoredPoint> points, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        DbCommand? command = null;
        try
        {
            foreach (var chunk in points.Chunk(PointsPerStatement))
            {
                if (command is null || command.Parameters.Count != (chunk.Length * 3) + 1)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = PointsCommand(connection, tx, chunk.Length);
                    command.Parameters[0].Value = seriesId;
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Parameters[1 + (3 * i)].Value = chunk[i].Timestamp;
                    command.Parameters[2 + (3 * i)].Value = chunk[i].Value;
                    command.Parameters[3 + (3 * i)].Value = chunk[i].Score;
                }

                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
    }

    public async Task InsertAnomalyAsync(AnomalyRecord anomaly, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        var d = anomaly.Detected;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into anomalies (id, series_id, fingerprint, window_start, window_end, peak_score, peak_value,
                baseline, point_count, incident_id, outcome, detected_at)
            values (@Id, @SeriesId, @Fingerprint, @windowStart, @windowEnd, @peakScore, @peakValue,
                @baseline, @points, @IncidentId, @Outcome, @DetectedAt)
            """,
            new
            {
                anomaly.Id,
                anomaly.SeriesId,
                anomaly.Fingerprint,
                windowStart = d.WindowStart,
                windowEnd = d.WindowEnd,
                peakScore = d.PeakScore,
                peakValue = d.PeakValue,
                baseline = d.Baseline,
                points = d.Points,
                anomaly.IncidentId,
                anomaly.Outcome,
                anomaly.DetectedAt,
            },
            tx,
            cancellationToken: ct));
    }

    /// <summary>The open incident of the latest anomaly with this fingerprint that ended at or after <paramref name="since"/>.</summary>
    public async Task<Guid?> FindJoinableIncidentAsync(string fingerprint, DateTimeOffset since, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            $"""
            select a.incident_id
            from anomalies a
            join incidents i on i.id = a.incident_id
            where a.fingerprint = @fingerprint
                and a.window_end >= @since
                and i.status = 'open'
            order by a.window_end desc
            {session.Dialect.Page}
            """,
            new { fingerprint, since, skip = 0, take = 1 }, tx, cancellationToken: ct));
    }

    /// <summary>Sets (or, with null, clears) a series' alert threshold; false when there is no such series.</summary>
    public async Task<bool> SetThresholdAsync(Guid seriesId, double? threshold, DateTimeOffset now, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update signal_series
            set threshold = @threshold, updated_at = @now
            where id = @seriesId
            """,
            new { seriesId, threshold, now }, tx, cancellationToken: ct)) == 1;
    }

    /// <summary>Retention: deletes every point observed before the cutoff; returns how many.</summary>
    public async Task<int> DeletePointsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var (connection, tx) = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            delete from signal_points
            where observed_at < @cutoff
            """,
            new { cutoff }, tx, cancellationToken: ct));
    }

    private static DbCommand PointsCommand(DbConnection connection, DbTransaction tx, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = InsertPointsSql.GetOrAdd(rows, InsertPoints);
        Add("series");
        for (var i = 0; i < rows; i++)
        {
            Add($"t{i}");
            Add($"v{i}");
            Add($"a{i}");
        }

        return command;

        void Add(string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
    }

    private static string InsertPoints(int rows)
    {
        var sql = new StringBuilder("insert into signal_points (series_id, observed_at, value, anomaly_score)\nvalues ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append($"(@series, @t{i}, @v{i}, @a{i})");
        }

        return sql.ToString();
    }

    private async Task<(DbConnection, DbTransaction)> OpenAsync(CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        return (connection, session.Transaction ?? throw new InvalidOperationException("Signal writes run inside a command's transaction."));
    }
}
