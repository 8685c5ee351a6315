using System.CommandLine;
using Incident.Api.Features.Signals.Detection;

namespace Incident.Api.Features.Signals;

/// <summary>
/// `detect --output-dir DIR FILE.csv...`: the production detector with its default configuration over
/// timestamp,value files; writes DIR/&lt;same relative name&gt;.csv with timestamp,value,anomaly_score.
/// </summary>
public static class DetectCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output-dir") { Description = "Folder for the scored files", Required = true };
        var files = new Argument<FileInfo[]>("files") { Description = "timestamp,value CSV files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("detect", "Score time series with the production anomaly detector.") { output, files };
        command.SetAction(parse =>
        {
            var outputDir = parse.GetValue(output)!;
            var inputs = parse.GetValue(files)!;
            var missing = inputs.Where(f => !f.Exists).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"No such file: {string.Join(", ", missing.Select(f => f.FullName))}");
                return 2;
            }

            var root = CommonRoot(inputs.Select(f => f.DirectoryName!).ToList());
            foreach (var input in inputs)
            {
                var target = Path.Combine(outputDir.FullName, Path.GetRelativePath(root, input.FullName));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    var alerts = CsvScoring.ScoreFile(input.FullName, target, options: null);
                    Console.WriteLine($"{Path.GetRelativePath(root, input.FullName)}: {alerts} alert(s)");
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"{input.FullName}: {e.Message}");
                    return 1;
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The deepest folder holding every input, so category folders are kept in the output.</summary>
    private static string CommonRoot(List<string> folders)
    {
        var root = folders[0];
        while (!folders.All(f => f == root || f.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            root = Path.GetDirectoryName(root) ?? "/";
        }

        return root;
    }
}
