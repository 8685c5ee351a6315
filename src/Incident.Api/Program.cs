using Incident.Api;
using Incident.Api.Infrastructure.Database;

if (args is ["migrate", ..])
{
    var migrating = IncidentApp.Build(args[1..]);
    var applied = await migrating.Services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
    Console.WriteLine($"Applied {applied} migration(s).");
    return 0;
}

var app = IncidentApp.Build(args);
await app.PrepareAsync();
await app.RunAsync();
return 0;
