using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Incident.Api.Tests.Infrastructure;

/// <summary>
/// A second node: <c>dotnet Incident.Api.dll</c> as a child process on a free loopback port, on the
/// same database and signing key as an ApiServer (DESIGN.md "Scale-out": two API processes).
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static Task<ApiProcess> StartAsync(TestDatabase database) =>
        StartAsync(database.Provider, database.ConnectionString);

    /// <summary>A node on any database (the fault tests' own PostgreSQL cluster), with extra options.</summary>
    public static async Task<ApiProcess> StartAsync(
        Incident.Api.Infrastructure.Database.DatabaseProvider provider, string connectionString, params string[] extraArguments)
    {
        var port = FreePort();
        var contentRoot = Directory.CreateTempSubdirectory("incident-node-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Incident.Api.dll"),
            $"--urls=http://127.0.0.1:{port}",
            $"--contentRoot={contentRoot}",
            "--environment=Testing",
            $"--Incident:Database:Provider={provider}",
            $"--Incident:Database:ConnectionString={connectionString}",
            "--Incident:DemoData=true",
            $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
            $"--Incident:DataDirectory={contentRoot}",
            // The suite signs in hundreds of times from one address (README "Security"); RateLimitTests lower these.
            "--Incident:RateLimits:SignInPermitLimit=1000000",
            "--Incident:RateLimits:UserPermitLimit=1000000",
            "--Logging:LogLevel:Default=Warning",
            .. extraArguments,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var node = new ApiProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        node.process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>The process id, for /proc reads and signals.</summary>
    public int ProcessId => process.Id;

    /// <summary>kill -9: SIGKILL, no shutdown hooks, no flush; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The second node exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The second node did not become ready:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
