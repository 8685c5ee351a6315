using Incident.Api.Infrastructure.Database;

namespace Incident.Api.Infrastructure.Hosting;

/// <summary>The "Incident" configuration section (appsettings, environment INCIDENT__..., command line).</summary>
public sealed class IncidentOptions
{
    public const string Section = "Incident";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Seeds demo users; on by default only for the embedded SQLite database.</summary>
    public bool? DemoData { get; set; }

    /// <summary>Seeds the worked governance example (issue 9); on by default only for the embedded SQLite database.</summary>
    public bool? DemoGovernance { get; set; }

    /// <summary>Seeds a handful of incidents in different stages (issue 10); on by default only for the embedded SQLite database.</summary>
    public bool? DemoIncidents { get; set; }

    /// <summary>Password of the first admin of a production database, read once at first start.</summary>
    public string? BootstrapAdminPassword { get; set; }

    public string? DataDirectory { get; set; }

    public bool IsEmbeddedDefault => string.IsNullOrWhiteSpace(Database.ConnectionString);

    public bool SeedsDemoData => DemoData ?? IsEmbeddedDefault;

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(DataDirectory ?? Path.Combine(contentRoot, "data"));
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? ConnectionString { get; set; }
}
