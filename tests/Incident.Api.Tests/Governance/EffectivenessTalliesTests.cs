using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Incident.Api.Features.Governance.Enforcement;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Incident.Api.Tests.Governance.EnforcementCalls;

namespace Incident.Api.Tests.Governance;

/// <summary>
/// ADR-0016: the effectiveness tallies the enforcement store keeps on import, reversal and education completion
/// give the same figures as counting the records, after every kind of write.
/// </summary>
public sealed class EffectivenessTalliesTests(ApiServer server) : IClassFixture<ApiServer>
{
    private DateTimeOffset Now => server.Clock.GetUtcNow();

    [Fact]
    public async Task Imports_reversals_and_completions_keep_the_tallies_equal_to_a_recount_of_the_records()
    {
        var op = await server.SignIn("operator1");
        var lead = await server.SignIn("lead1");
        var (ruleId, key) = await LiveRule(server, change: b => b["ladder"] = GovernanceCalls.JsonSerializerNode(new object[]
        {
            new { strike = 1, action = "education" },
            new { strike = 2, action = "traffic-limit", durationDays = 3 },
            new { strike = 3, action = "revenue-freeze", durationDays = 30 },
        }));
        var (a, b, c, d) = (Unique("guild-a"), Unique("guild-b"), Unique("guild-c"), Unique("guild-d"));
        var (a1, a2, b1) = (Unique("a1"), Unique("a2"), Unique("b1"));
        await ImportOk(
            op,
            Record(a1, key, a, Now.AddDays(-20)), Record(b1, key, b, Now.AddDays(-20)),
            Record(Unique("c1"), key, c, Now.AddDays(-15)), Record(Unique("c2"), key, c, Now.AddDays(-14)),
            Record(Unique("c3"), key, c, Now.AddDays(-13)), Record(Unique("d1"), key, d, Now.AddDays(-12)));
        await Complete(op, a1, Now.AddDays(-19));
        await Complete(op, b1, Now.AddDays(-19));
        var figures = await Figures(op, ruleId);
        figures.Recidivism.ShouldBe((4L, 1L));
        figures.Education.ShouldBe((2L, 2L, 0L));

        // A later record of an educated guild is a re-violation, whether it comes in its own batch or with others.
        await ImportOk(op, Record(a2, key, a, Now.AddDays(-10)), Record(Unique("d2"), key, Unique("guild-e"), Now.AddDays(-9)));
        figures = await Figures(op, ruleId);
        figures.Recidivism.ShouldBe((5L, 2L));
        figures.Education.ShouldBe((2L, 2L, 1L));
        await ImportOk(op, Record(Unique("b2"), key, b, Now.AddDays(-5)));
        (await Figures(op, ruleId)).Education.ShouldBe((2L, 2L, 2L));
        await AssertTalliesMatchRecountAsync(ruleId);

        // Overturning guild A's second record takes its strike back: A stands at one record and has not re-violated.
        var appeal = await FileAppeal(op, a2, Now.AddDays(-9));
        await ApiCalls.Expect(await Decide(lead, appeal["id"]!.GetValue<string>()), HttpStatusCode.OK);
        figures = await Figures(op, ruleId);
        figures.Recidivism.ShouldBe((5L, 2L));
        figures.Education.ShouldBe((2L, 2L, 1L));
        figures.Records.ShouldBe((1L, 9L));
        await AssertTalliesMatchRecountAsync(ruleId);
    }

    [Fact]
    public async Task Shadow_records_count_as_would_be_penalties_only()
    {
        var op = await server.SignIn("operator1");
        var (ruleId, key) = await ShadowRule(server);
        var guild = Unique("guild");
        await ImportOk(op, Record(Unique("s1"), key, guild, Now.AddDays(-2)), Record(Unique("s2"), key, guild, Now.AddDays(-1)));

        var view = await EffectivenessRecords.EffectivenessAsync(op, ruleId);
        view["shadow"]!["wouldBePenalties"]!.GetValue<long>().ShouldBe(2);
        view["recidivism"]!["subjects"]!.GetValue<long>().ShouldBe(0);
        await AssertTalliesMatchRecountAsync(ruleId);
    }

    private static async Task Complete(HttpClient client, string externalId, DateTimeOffset completedAt) =>
        await ApiCalls.Expect(
            await client.PostAsJsonAsync($"/api/governance/enforcements/{externalId}/education-completed", new { completedAt }), HttpStatusCode.OK);

    private static async Task<((long, long) Recidivism, (long, long, long) Education, (long, long) Records)> Figures(HttpClient client, string ruleId)
    {
        var view = await EffectivenessRecords.EffectivenessAsync(client, ruleId);
        var (recidivism, education, appeals) = (view["recidivism"]!, view["education"]!, view["appealRate"]!);
        return (
            (Long(recidivism["subjects"]), Long(recidivism["repeatSubjects"])),
            (Long(education["completed"]), Long(education["completedSubjects"]), Long(education["reViolated"])),
            (Long(appeals["appeals"]), Long(appeals["records"])));
    }

    private static long Long(JsonNode? node) => node!.GetValue<long>();

    /// <summary>Every tally row of the rule is what a recount of its records gives.</summary>
    private async Task AssertTalliesMatchRecountAsync(string ruleId)
    {
        var kept = await TalliesAsync(ruleId);
        kept.ShouldNotBeEmpty();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(default);
            await scope.ServiceProvider.GetRequiredService<EnforcementStore>().RebuildTalliesAsync(Guid.Parse(ruleId), default);
            await session.CommitAsync(default);
        }

        (await TalliesAsync(ruleId)).ShouldBe(kept);
    }

    private async Task<List<string>> TalliesAsync(string ruleId)
    {
        var dialect = server.Services.GetRequiredService<SqlDialect>();
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync();
        var id = Guid.Parse(ruleId);
        var subjects = await connection.QueryAsync<(long, string, string, long, long, long, long, long, long)>(
            """
            select rule_version, strike_subject_type, strike_subject_id, standing, reversed, shadow, shadow_reversed, completions,
                cast(reviolated as integer) as reviolated
            from governance_subject_tallies
            where rule_id = @id
            order by rule_version, strike_subject_type, strike_subject_id
            """,
            new { id });
        var versions = await connection.QueryAsync<(long, long, long, long, long, long, long)>(
            """
            select rule_version, standing, reversed, shadow, shadow_reversed, subjects, repeat_subjects
            from governance_version_tallies
            where rule_id = @id
            order by rule_version
            """,
            new { id });
        return [.. subjects.Select(s => $"subject {s}"), .. versions.Select(v => $"version {v}")];
    }
}
