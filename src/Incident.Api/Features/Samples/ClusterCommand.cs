using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Incident.Api.Features.Samples.Clustering;

namespace Incident.Api.Features.Samples;

/// <summary>`cluster --output OUT.csv [--clusters K] FILE.txt`: the production clustering over one text per line.</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output") { Description = "CSV to write: line,cluster", Required = true };
        var clusters = new Option<int?>("--clusters") { Description = "Number of clusters (chosen automatically when absent)" };
        var file = new Argument<FileInfo>("file") { Description = "UTF-8 text file, one short text per line" };
        var command = new Command("cluster", "Cluster short texts with the production clustering.") { output, clusters, file };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"No such file: {input.FullName}");
                return 2;
            }

            var lines = File.ReadAllLines(input.FullName);
            var k = parse.GetValue(clusters);
            if (lines.Length == 0 || k is < 1 || k > lines.Length)
            {
                Console.Error.WriteLine(lines.Length == 0 ? "The file has no lines." : $"--clusters must be between 1 and {lines.Length}.");
                return 2;
            }

            var watch = Stopwatch.StartNew();
            var samples = lines.Select((text, i) => new TextSample((i + 1).ToString(CultureInfo.InvariantCulture), text)).ToList();
            var result = new TextClusterer().Cluster(samples, k);
            watch.Stop();

            using (var writer = new StreamWriter(parse.GetValue(output)!.FullName))
            {
                writer.WriteLine("line,cluster");
                for (var i = 0; i < result.Assignments.Count; i++)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1},{result.Assignments[i]}"));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lines.Length} lines, {result.K} clusters{(result.KChosenAutomatically ? " (chosen automatically)" : "")}, silhouette {result.Silhouette:0.000}, {watch.Elapsed.TotalSeconds:0.0} s"));
            foreach (var cluster in result.Clusters)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{cluster.Id} size {cluster.Size}: {string.Join(" / ", cluster.Terms)}"));
            }

            return 0;
        });
        return command;
    }
}
