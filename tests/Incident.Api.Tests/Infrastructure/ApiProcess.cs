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

    public static async Task<ApiProcess> StartAsync(TestDatabase database)
    {
        var port = FreePort();
        var contentRoot = Directory.CreateTempSubdirectory("incident-node-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Incident.Api.dll"),
            $"--urls=http://127.0.0.1:{port}",
            $"--contentRoot={contentRoot}",
            "--environment=Testing",
            $"--Incident:Database:Provider={database.Provider}",
            $"--Incident:Database:ConnectionString={database.ConnectionString}",
            "--Incident:DemoData=true",
            $"--Incident:Auth:SigningKey={ApiServer.SigningKey}",
            $"--Incident:DataDirectory={contentRoot}",
            // The suite signs in hundreds of times from one address (README "Security"); RateLimitTests lower these.
            "--Incident:RateLimits:SignInPermitLimit=1000000",
            "--Incident:RateLimits:UserPermitLimit=1000000",
            "--Logging:LogLevel:Default=Warning",
        })
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
