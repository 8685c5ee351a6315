using System.Diagnostics;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// Runs a node:test file of tests/e2e against a running server, so the npm SignalR client and the
/// browser tests count in `dotnet test`. Installs tests/e2e from its lockfile on first use.
/// </summary>
public static class NodeTests
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string E2eFolder => Path.Combine(RepositoryRoot, "tests", "e2e");

    public static async Task<(int ExitCode, string Output)> RunAsync(string testFile, Uri server, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        var run = new ProcessStartInfo("node") { WorkingDirectory = E2eFolder };
        run.ArgumentList.Add("--test");
        run.ArgumentList.Add("--test-reporter=spec");
        run.ArgumentList.Add(testFile);
        run.Environment["INCIDENT_URL"] = server.ToString().TrimEnd('/');
        run.Environment["INCIDENT_PASSWORD"] = ApiServer.Password;
        return await RunProcessAsync(run, timeout);
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(E2eFolder, "node_modules", ".package-lock.json")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm") { WorkingDirectory = E2eFolder };
            foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                npm.ArgumentList.Add(arg);
            }

            var (exit, output) = await RunProcessAsync(npm, TimeSpan.FromMinutes(5));
            exit.ShouldBe(0, $"npm ci in tests/e2e failed:\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, $"{await stdout}\n{await stderr}");
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
}
