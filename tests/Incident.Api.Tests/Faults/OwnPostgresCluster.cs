using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Incident.Api.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of the fault test's own (initdb in a temp folder, a free loopback port), so it
/// can be stopped and started without disturbing the other tests on INCIDENT_TEST_PG. As root the
/// server runs as user postgres (initdb refuses root), as scripts/throwaway-postgres.sh does.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private OwnPostgresCluster(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The service's connection string: short connect and command timeouts, so an outage is a quick 503, never a hang.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=incident;Timeout=3;Command Timeout=10;Maximum Pool Size=40";

    public static async Task<OwnPostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed; scripts/throwaway-postgres.sh installs it.");
        var folder = Directory.CreateTempSubdirectory("incident-fault-pg-").FullName;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var cluster = new OwnPostgresCluster(bin, folder, port);
            if (Environment.UserName == "root")
            {
                await Run("chown", "postgres:postgres", folder);
            }

            await cluster.AsServer($"'{bin}/initdb' -D '{folder}/data' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8");
            await cluster.StartServerAsync();
            await using var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("create database incident", admin);
            await create.ExecuteNonQueryAsync();
            return cluster;
        }
    }

    public Task StartServerAsync() => AsServer(
        $"'{bin}/pg_ctl' -D '{folder}/data' -l '{folder}/log' -w -o \"-p {Port} -k '{folder}' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start");

    /// <summary>The outage: a fast shutdown, which ends every open connection.</summary>
    public Task StopServerAsync() => AsServer($"'{bin}/pg_ctl' -D '{folder}/data' -m fast -w stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServer($"'{bin}/pg_ctl' -D '{folder}/data' -m immediate stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(folder, recursive: true);
    }

    private Task AsServer(string command) => Environment.UserName == "root"
        ? Run("su", "postgres", "-s", "/bin/sh", "-c", command)
        : Run("/bin/sh", "-c", command);

    private static async Task Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
