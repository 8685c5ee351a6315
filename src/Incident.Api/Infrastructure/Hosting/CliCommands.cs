using System.CommandLine;
using Incident.Api.Features.Samples;
using Incident.Api.Features.Signals;
using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Infrastructure.Hosting;

/// <summary>
/// `dotnet run --project src/Incident.Api -- &lt;command&gt;` (API.md "Command line"). Commands that touch the
/// database accept the same configuration switches as the service (e.g. --Incident:Database:Provider=Postgres).
/// </summary>
public static class CliCommands
{
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && Build().Subcommands.Any(c => c.Name == args[0]);

    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();

    private static RootCommand Build()
    {
        var root = new RootCommand("Incident: emergency response for content-risk governance");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(ImportSignalsCommand.Create());
        root.Subcommands.Add(Features.Governance.Enforcement.ImportEnforcementsCommand.Create());
        return root;
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply the database migrations of the configured provider and exit.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var app = IncidentApp.Build([.. parse.UnmatchedTokens]);
            var applied = await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            Console.WriteLine($"Applied {applied} migration(s).");
            return 0;
        });
        return command;
    }
}
