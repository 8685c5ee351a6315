using System.Reflection;

namespace Incident.Api.Infrastructure.Hosting;

/// <summary>
/// ADR-0021: `dotnet run` keeps the caller's working directory (RunWorkingDirectory in the csproj), so
/// relative paths given to a command are the user's; the app then finds its own content root (wwwroot,
/// the default ./data folder) instead of taking the working directory for it.
/// </summary>
public static class ContentRootLocator
{
    private const string Variable = "ASPNETCORE_CONTENTROOT";

    /// <summary>Sets the content root for this process unless the caller chose one.</summary>
    public static void Apply(string[] args)
    {
        if (args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
        {
            return;
        }

        Environment.SetEnvironmentVariable(Variable, Locate(Directory.GetCurrentDirectory(), AppContext.BaseDirectory, ProjectDirectory()));
    }

    /// <summary>
    /// The working directory when it holds the UI (run from the project or a publish folder); else the
    /// project the running build came from; else the published app's own folder; else the working directory.
    /// </summary>
    public static string Locate(string workingDirectory, string baseDirectory, string? projectDirectory)
    {
        if (Directory.Exists(Path.Combine(workingDirectory, "wwwroot")))
        {
            return workingDirectory;
        }

        if (projectDirectory is not null
            && Path.GetFullPath(baseDirectory).StartsWith(Path.Combine(Path.GetFullPath(projectDirectory), "bin") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return projectDirectory;
        }

        return Directory.Exists(Path.Combine(baseDirectory, "wwwroot")) ? baseDirectory : workingDirectory;
    }

    private static string? ProjectDirectory() =>
        typeof(ContentRootLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Incident.ProjectDirectory")?.Value;
}
