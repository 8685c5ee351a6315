namespace Incident.Workflows.Tests.Support;

internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Incident.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Incident.sln not found above the test binaries");
    }
}
