using Dapper;
using Incident.Api.Infrastructure.Hosting;
using Incident.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Incident.Api.Tests.Signals;

/// <summary>import-signals in-process against a temp SQLite database (it is a local tool; the provider under test does not matter).</summary>
public sealed class ImportSignalsCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"incident_import_{Guid.NewGuid():N}");

    public ImportSignalsCommandTests() => Directory.CreateDirectory(directory);

    [Fact]
    public async Task Import_streams_a_csv_in_batches_through_the_ingest_use_case_and_raises_the_anomaly()
    {
        var file = Path.Combine(directory, "volume.csv");
        var points = SyntheticSeries.Build(25_000, [(400, 300, 3)]);
        await File.WriteAllTextAsync(file, SyntheticSeries.Csv(points));

        var exit = await CliCommands.RunAsync(Args(file, "report-volume"));

        exit.ShouldBe(0);
        (await Scalar("select count(*) from signal_points")).ShouldBe(25_000);
        (await Scalar("select count(*) from incidents where source = 'monitoring'")).ShouldBeGreaterThanOrEqualTo(1);
        (await Scalar("select count(*) from anomalies")).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Import_of_a_file_with_a_bad_row_exits_non_zero_and_stores_nothing()
    {
        var file = Path.Combine(directory, "bad.csv");
        var csv = SyntheticSeries.Csv(SyntheticSeries.Build(12_000, [])).Split('\n');
        csv[11_500] = "2026-11-09 00:00:00,lots";
        await File.WriteAllTextAsync(file, string.Join('\n', csv));
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await CliCommands.RunAsync(Args(file, "bad"));
        }
        finally
        {
            Console.SetError(original);
        }

        exit.ShouldBe(1);
        error.ToString().ShouldContain("line 11501");
        File.Exists(Database).ShouldBeFalse("the file is checked before the database is touched");
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

    private string Database => Path.Combine(directory, "incident.db");

    private string[] Args(string file, string metric) =>
    [
        "import-signals", file, "--business-line", "douyin", "--category", "fraud-scam", "--metric", metric,
        "--Incident:Database:Provider=Sqlite",
        $"--Incident:Database:ConnectionString=Data Source={Database};Pooling=True",
        "--Incident:DemoData=true",
        $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
        $"--Incident:DataDirectory={directory}",
    ];

    private async Task<long> Scalar(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database}");
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
