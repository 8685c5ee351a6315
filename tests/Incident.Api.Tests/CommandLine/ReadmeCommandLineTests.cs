using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Incident.Api.Tests.CommandLine;

/// <summary>
/// Issue 11 item 7: each command of the README's "Command line" block, run with `dotnet run` from a directory that
/// is not the project's, finds the files it is given relative to where the user stands (ADR-0021). The commands are
/// read from the README, so a changed example is tested as written; only `--no-build` and the configuration of the
/// test build are added (it made the binaries) and the project path made absolute, the working directory standing in
/// for the repo root.
/// </summary>
public sealed partial class ReadmeCommandLineTests : IDisposable
{
    private static readonly string Root = FindRoot();

    private static readonly string Configuration =
        typeof(ReadmeCommandLineTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
    private readonly string sandbox = Directory.CreateTempSubdirectory("incident-cli-").FullName;

    private string Work => Path.Combine(sandbox, "repo");

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in ReadmeCommands())
        {
            data.Add(command);
        }

        return data;
    }

    [Fact]
    public void The_readme_lists_every_command_of_the_command_line() =>
        ReadmeCommands().Select(c => c.Split(' ')[5]).ShouldBe(["migrate", "detect", "cluster", "import-signals", "import-enforcements"], ignoreOrder: true);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_readme_command_resolves_relative_paths_against_the_callers_directory(string command)
    {
        Prepare();

        var (exit, output) = await RunAsync(command);

        output.ShouldNotContain("No such file", customMessage: output);
        exit.ShouldNotBe(2, output);
        switch (command.Split(' ')[5])
        {
            case "detect":
                exit.ShouldBe(0, output);
                File.Exists(Path.Combine(Work, "out", "spike.csv")).ShouldBeTrue(output);
                break;
            case "cluster":
                exit.ShouldBe(0, output);
                File.Exists(Path.Combine(Work, "clusters.csv")).ShouldBeTrue(output);
                break;
            case "migrate" or "import-signals":
                exit.ShouldBe(0, output);
                break;
        }

        Directory.Exists(Path.Combine(Root, "src", "Incident.Api", "out")).ShouldBeFalse("nothing is written into the project folder");
    }

    public void Dispose() => Directory.Delete(sandbox, recursive: true);

    private static IEnumerable<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var block = readme[readme.IndexOf("## Command line", StringComparison.Ordinal)..];
        return block.Split('\n')
            .Select(l => l.Trim())
            .TakeWhile(l => !l.StartsWith('`'))
            .Where(l => l.StartsWith("dotnet run --project src/Incident.Api -- ", StringComparison.Ordinal))
            .Select(l => Optional().Replace(l.Split('#')[0], "").Trim());
    }

    private void Prepare()
    {
        Directory.CreateDirectory(Work);
        var nab = Path.Combine(sandbox, "shared", "data", "nab", "data", "artificialWithAnomaly");
        Directory.CreateDirectory(nab);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.WriteAllText(Path.Combine(nab, "spike.csv"), "timestamp,value\n" +
            string.Concat(Enumerable.Range(0, 400).Select(i => $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{(i == 300 ? 500 : 10 + (i % 7))}\n")));
        File.WriteAllText(Path.Combine(Work, "volumes.csv"), "timestamp,value\n" +
            string.Concat(Enumerable.Range(0, 200).Select(i => $"{start.AddMinutes(5 * i):yyyy-MM-ddTHH:mm:ssZ},{10 + (i % 7)}\n")));
        File.WriteAllLines(Path.Combine(Work, "texts.txt"), Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? $"fake giveaway scam link {i}" : $"guild fake traffic bots {i}"));
        File.WriteAllText(Path.Combine(Work, "records.csv"),
            "externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave,automatedDetection,automatedDecision,decisionGround,dsaCategory,contentType,facts\n");
    }

    private async Task<(int Exit, string Output)> RunAsync(string command)
    {
        var project = Path.Combine(Root, "src", "Incident.Api");
        // --no-build runs the binaries of the configuration this test assembly was built in (the test script builds
        // Release; dotnet run alone would look for a Debug build a fresh checkout does not have).
        var line = command.Replace(
            "dotnet run --project src/Incident.Api", $"dotnet run --no-build -c {Configuration} --project '{project}'", StringComparison.Ordinal);
        var start = new ProcessStartInfo("bash", ["-c", line])
        {
            WorkingDirectory = Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The database commands use a throwaway embedded database, never the developer's ./data.
        start.Environment["Incident__DataDirectory"] = Path.Combine(sandbox, "data");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, $"{line}\n{await stdout}\n{await stderr}");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Incident.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Incident.sln not found above the test output.");
    }

    [GeneratedRegex(@"\s\[[^\]]*\]")]
    private static partial Regex Optional();
}
