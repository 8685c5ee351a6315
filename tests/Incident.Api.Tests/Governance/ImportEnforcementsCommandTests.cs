using System.Text;
using Dapper;
using Incident.Api.Infrastructure.Hosting;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Incident.Api.Tests.Governance;

/// <summary>
/// Issue 9, item 3: import-enforcements in-process against a temp SQLite database with the governance worked example
/// seeded (its rule is live), as ImportSignalsCommandTests does for signals.
/// </summary>
public sealed class ImportEnforcementsCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"incident_enf_import_{Guid.NewGuid():N}");

    public ImportEnforcementsCommandTests() => Directory.CreateDirectory(directory);

    [Fact]
    public async Task A_csv_larger_than_one_batch_is_imported_in_batches_with_ladder_steps_and_a_rerun_changes_nothing()
    {
        await SeedAsync();
        var rule = await Text("select rule_key from governance_rules");
        var before = await Scalar("select count(*) from governance_enforcements");
        var file = Path.Combine(directory, "records.csv");
        await File.WriteAllTextAsync(file, Csv(rule, 12_000));

        (await CliCommands.RunAsync(Args("import-enforcements", file))).ShouldBe(0);
        (await Scalar("select count(*) from governance_enforcements")).ShouldBe(before + 12_000);
        // 12,000 records (two batches) over 500 guilds: 24 each, so every guild climbed past the first step.
        (await Scalar("select count(*) from governance_enforcements where external_id like 'cli-%' and strike = 1")).ShouldBe(500);
        (await Scalar("select count(*) from governance_enforcements where external_id like 'cli-%' and action = 'termination'")).ShouldBeGreaterThan(0);

        (await CliCommands.RunAsync(Args("import-enforcements", file))).ShouldBe(0);
        (await Scalar("select count(*) from governance_enforcements")).ShouldBe(before + 12_000);
    }

    [Fact]
    public async Task A_file_with_a_bad_line_exits_non_zero_naming_it_and_stores_nothing()
    {
        await SeedAsync();
        var rule = await Text("select rule_key from governance_rules");
        var before = await Scalar("select count(*) from governance_enforcements");
        var lines = Csv(rule, 12_000).Split('\n');
        lines[11_000] = lines[11_000].Replace("partially", "sometimes", StringComparison.Ordinal);
        var file = Path.Combine(directory, "bad.csv");
        await File.WriteAllTextAsync(file, string.Join('\n', lines));
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await CliCommands.RunAsync(Args("import-enforcements", file));
        }
        finally
        {
            Console.SetError(original);
        }

        exit.ShouldBe(1);
        error.ToString().ShouldContain("line 11001");
        (await Scalar("select count(*) from governance_enforcements")).ShouldBe(before);
    }

    /// <summary>Migrations and demo data, as the service's start does (the CLI's migrate seeds nothing).</summary>
    private async Task SeedAsync()
    {
        await using var app = IncidentApp.Build(Args("--urls=http://127.0.0.1:0"));
        await app.PrepareAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection is left in the temp folder; harmless.
        }
    }

    /// <summary>Records a minute apart over the last days, guilds in turn (guild-cli-0 … guild-cli-499).</summary>
    private static string Csv(string rule, int count)
    {
        var csv = new StringBuilder("externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave,automatedDetection,automatedDecision,decisionGround,dsaCategory,contentType,facts\n");
        var start = DateTimeOffset.UtcNow.AddMinutes(-count - 10);
        for (var i = 0; i < count; i++)
        {
            csv.Append($"cli-{i},{rule},guild,guild-cli-{i % 500},,{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},false,true,partially,,,,bot viewers\n");
        }

        return csv.ToString();
    }

    private string Database => Path.Combine(directory, "incident.db");

    private string[] Args(params string[] command) =>
    [
        .. command,
        "--Incident:Database:Provider=Sqlite",
        $"--Incident:Database:ConnectionString=Data Source={Database};Pooling=True",
        "--Incident:DemoData=true",
        "--Incident:DemoGovernance=true",
        $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
        $"--Incident:DataDirectory={directory}",
    ];

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database}");
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<string> Text(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database}");
        return await connection.ExecuteScalarAsync<string>(sql) ?? throw new InvalidOperationException("No value.");
    }
}
