using Npgsql;
using NpgsqlTypes;

/// <summary>
/// Seeds one rule version's enforcement records and appeals with COPY (binary), deterministically: a skewed
/// subject population (many one-off offenders, a few repeat ones), reversals where an appeal was overturned,
/// some completed educations, would-be penalties from a week of shadow before the launch.
/// </summary>
internal static class GovernanceSeed
{
    public static async Task<(long Records, long Appeals)> CopyAsync(
        string connectionString, Guid ruleId, DateTimeOffset launch, int records, int appeals, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var random = new Random(20261122);
        // A little more often than records / appeals: shadow records are never appealed.
        var appealEvery = Math.Max(1, (int)(records / (appeals * 1.05)));
        var pending = new List<(Guid EnforcementId, DateTimeOffset Occurred, BenchAppeal Appeal)>(appeals);
        long written = 0, appealed = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            copy governance_enforcements (
                id, external_id, body_hash, rule_id, rule_version, subject_type, subject_id, guild_id, strike_subject_type,
                strike_subject_id, occurred_at, grave, shadow, strike, action, duration_days, reversed, reversed_at,
                education_completed_at, automated_detection, automated_decision, decision_ground, dsa_category, content_type,
                decision_visibility, decision_monetary, decision_provision, decision_account, territorial_scope, source_type,
                facts, imported_by, imported_at)
            from stdin (format binary)
            """, ct))
        {
            for (var i = 0; i < records; i++)
            {
                // Square of a uniform draw: low subject numbers recur, most subjects offend once.
                var subject = $"guild-{(int)(250_000 * Math.Pow(random.NextDouble(), 2)):000000}";
                var shadow = i % 33 == 0;
                var occurred = shadow
                    ? launch - TimeSpan.FromMinutes(random.Next(1, 7 * 24 * 60))
                    : launch + TimeSpan.FromMinutes(random.Next(0, 28 * 24 * 60));
                var appeal = !shadow && i % appealEvery == 1 && appealed < appeals ? Appeal(i, random) : null;
                appealed += appeal is null ? 0 : 1;
                var reversed = appeal?.Status == "overturned";
                DateTimeOffset? education = !shadow && i % 50 == 3 ? occurred + TimeSpan.FromHours(random.Next(24, 240)) : null;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(RecordId(i), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync($"bench-{i}", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("bench", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(ruleId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync("guild", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(subject, NpgsqlDbType.Text, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync("guild", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(subject, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(occurred.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(shadow, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(1 + (i % 3), NpgsqlDbType.Integer, ct);
                await copy.WriteAsync("warning", NpgsqlDbType.Text, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync(reversed, NpgsqlDbType.Boolean, ct);
                await WriteTimeAsync(copy, reversed ? occurred + appeal!.FiledAfter + appeal.DecidedAt!.Value : null, ct);
                await WriteTimeAsync(copy, education, ct);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync("partially", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("incompatible-content", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("[\"other\"]", NpgsqlDbType.Text, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync("[\"EU\"]", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("SOURCE_VOLUNTARY", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("bench record", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("bench", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(occurred.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                written++;
                if (appeal is not null)
                {
                    pending.Add((RecordId(i), occurred, appeal));
                }
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            copy governance_appeals (
                id, enforcement_id, rule_id, rule_version, statement, status, filed_at, filed_by, due_at, reviewing_department,
                decided_at, decided_by, reason, version)
            from stdin (format binary)
            """, ct))
        {
            foreach (var (enforcementId, occurred, appeal) in pending)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(enforcementId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(ruleId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync("bench appeal", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(appeal.Status, NpgsqlDbType.Text, ct);
                await copy.WriteAsync((occurred + appeal.FiledAfter).UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync("operator1", NpgsqlDbType.Text, ct);
                await copy.WriteAsync((occurred + appeal.FiledAfter + TimeSpan.FromHours(48)).UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync("review-ops", NpgsqlDbType.Text, ct);
                await WriteTimeAsync(copy, appeal.DecidedAt is null ? null : occurred + appeal.FiledAfter + appeal.DecidedAt.Value, ct);
                await WriteTextAsync(copy, appeal.DecidedAt is null ? null : "lead1", ct);
                await WriteTextAsync(copy, appeal.DecidedAt is null ? null : "bench decision", ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
            }

            await copy.CompleteAsync(ct);
        }

        return (written, pending.Count);
    }

    /// <summary>An appeal, filed 1–48 h after its record: a tenth still pending, else decided 1–72 h later, 30 % of those overturned.</summary>
    private static BenchAppeal Appeal(int i, Random random)
    {
        var filedAfter = TimeSpan.FromMinutes(random.Next(60, 48 * 60));
        var roll = random.Next(10);
        return roll == 0
            ? new BenchAppeal("pending", filedAfter, null)
            : new BenchAppeal(roll <= 3 ? "overturned" : "upheld", filedAfter, TimeSpan.FromMinutes(random.Next(60, 72 * 60) + (i % 7)));
    }

    private static Guid RecordId(int i) => new(i, 0x4242, 0x0001, [0x80, 0, 0, 0, 0, 0, 0, 1]);

    private static Task WriteTimeAsync(NpgsqlBinaryImporter copy, DateTimeOffset? time, CancellationToken ct) =>
        time is { } t ? copy.WriteAsync(t.UtcDateTime, NpgsqlDbType.TimestampTz, ct) : copy.WriteNullAsync(ct);

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? text, CancellationToken ct) =>
        text is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(text, NpgsqlDbType.Text, ct);

    private sealed record BenchAppeal(string Status, TimeSpan FiledAfter, TimeSpan? DecidedAt);
}
