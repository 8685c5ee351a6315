using Incident.Api;
using Incident.Api.Infrastructure.Hosting;

ContentRootLocator.Apply(args);
if (CliCommands.IsCommand(args))
{
    return await CliCommands.RunAsync(args);
}

var app = IncidentApp.Build(args);
await app.PrepareAsync();
await app.RunAsync();
return 0;
