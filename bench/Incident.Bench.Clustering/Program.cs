// Issue 5 item 3: quality (NMI, purity) and speed of the production short-text clustering, with the number of
// clusters given and chosen automatically. Single-threaded code; the process is pinned to one core.
// Usage: dotnet run -c Release --project bench/Incident.Bench.Clustering -- synthetic | scale | tsv FILE.tsv [name=value ...]
//   synthetic  the labelled Chinese/English generator of the tests, over sizes 150..5,000 and 3..20 topics
//   scale      20,000 generated texts (20 topics): seconds to cluster, automatic k and k = 20
//   tsv FILE   one `label<TAB>text` per line (e.g. from fetch-debian-synopses.sh)
//   name=value overrides a TextClustererOptions knob (restarts, lsa, maxk, cooccurrence, tolerance) to compare settings
using System.Diagnostics;
using System.Globalization;
using Incident.Api.Features.Samples.Clustering;
using Incident.Api.Tests.Samples;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1;
}

var mode = args.Length > 0 ? args[0] : "synthetic";
var file = mode == "tsv" && args.Length > 1 ? args[1] : null;
var options = Options(args.Skip(file is null ? 1 : 2));
switch (mode)
{
    case "synthetic":
        Synthetic(options);
        break;
    case "scale":
        Scale(options);
        break;
    case "tsv" when file is not null:
        Tsv(file, options);
        break;
    default:
        Console.Error.WriteLine("usage: synthetic | scale | tsv FILE.tsv [restarts=N lsa=N maxk=N cooccurrence=W tolerance=T]");
        return 2;
}

return 0;

static void Synthetic(TextClustererOptions options)
{
    (int Count, int Topics)[] cases =
    [
        (150, 3), (300, 4), (300, 5), (1_000, 4), (1_000, 8), (2_000, 8), (2_000, 12), (2_000, 20), (5_000, 20),
    ];
    int[] seeds = [3_008, 17, 5];
    Console.WriteLine("texts topics | given k: NMI   purity |  auto k: k        NMI   purity | seconds (given, auto)");
    var sums = new double[4];
    foreach (var (count, topics) in cases)
    {
        var given = new List<(double Nmi, double Purity)>();
        var auto = new List<(int K, double Nmi, double Purity)>();
        var times = new double[2];
        foreach (var seed in seeds)
        {
            var data = LabelledTexts.Generate(count, topics, seed);
            var labels = data.Select(d => d.Label).ToList();
            var samples = data.Select((d, i) => new TextSample($"s{i}", d.Text)).ToList();
            var watch = Stopwatch.StartNew();
            var g = new TextClusterer(options).Cluster(samples, topics);
            times[0] += watch.Elapsed.TotalSeconds;
            watch.Restart();
            var a = new TextClusterer(options).Cluster(samples);
            times[1] += watch.Elapsed.TotalSeconds;
            given.Add((ClusterQuality.NormalizedMutualInformation(labels, g.Assignments), ClusterQuality.Purity(labels, g.Assignments)));
            auto.Add((a.K, ClusterQuality.NormalizedMutualInformation(labels, a.Assignments), ClusterQuality.Purity(labels, a.Assignments)));
        }

        var ks = string.Join(",", auto.Select(x => x.K));
        Console.WriteLine(
            $"{count,5} {topics,6} |          {given.Average(x => x.Nmi),5:0.000} {given.Average(x => x.Purity),6:0.000} | " +
            $"{ks,-16} {auto.Average(x => x.Nmi),5:0.000} {auto.Average(x => x.Purity),6:0.000} | {times[0] / seeds.Length,5:0.00} {times[1] / seeds.Length,5:0.00}");
        sums[0] += given.Average(x => x.Nmi);
        sums[1] += auto.Average(x => x.Nmi);
        sums[2] += given.Average(x => x.Purity);
        sums[3] += auto.Average(x => x.Purity);
    }

    Console.WriteLine($"mean over cases: given k NMI {sums[0] / cases.Length:0.000} purity {sums[2] / cases.Length:0.000}; auto k NMI {sums[1] / cases.Length:0.000} purity {sums[3] / cases.Length:0.000} (seeds {string.Join(",", seeds)})");
}

static void Scale(TextClustererOptions options)
{
    var data = LabelledTexts.Generate(20_000, 20, 2_026);
    var labels = data.Select(d => d.Label).ToList();
    var samples = data.Select((d, i) => new TextSample($"s{i}", d.Text)).ToList();
    new TextClusterer(options).Cluster(samples.Take(500).ToList());
    foreach (var k in new int?[] { null, 20 })
    {
        var watch = Stopwatch.StartNew();
        var result = new TextClusterer(options).Cluster(samples, k);
        watch.Stop();
        Console.WriteLine(
            $"20,000 texts, 20 topics, {(k is null ? "automatic k" : "k given")}: {watch.Elapsed.TotalSeconds:0.00} s on one core, k = {result.K}, " +
            $"NMI {ClusterQuality.NormalizedMutualInformation(labels, result.Assignments):0.000}, purity {ClusterQuality.Purity(labels, result.Assignments):0.000}");
    }
}

static void Tsv(string path, TextClustererOptions options)
{
    var rows = File.ReadLines(path).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).ToList();
    var names = rows.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal).ToList();
    var labels = rows.Select(r => names.IndexOf(r[0])).ToList();
    var samples = rows.Select((r, i) => new TextSample($"s{i}", r[1])).ToList();
    Console.WriteLine($"{Path.GetFileName(path)}: {rows.Count} texts, {names.Count} labels");
    foreach (var k in new int?[] { names.Count, null })
    {
        var watch = Stopwatch.StartNew();
        var result = new TextClusterer(options).Cluster(samples, k);
        watch.Stop();
        Console.WriteLine(
            $"  {(k is null ? "automatic k" : "k given  ")}: k = {result.K,2}, NMI {ClusterQuality.NormalizedMutualInformation(labels, result.Assignments):0.000}, " +
            $"purity {ClusterQuality.Purity(labels, result.Assignments):0.000}, {watch.Elapsed.TotalSeconds:0.00} s");
    }
}

static TextClustererOptions Options(IEnumerable<string> settings)
{
    var options = new TextClustererOptions();
    foreach (var setting in settings)
    {
        var (name, value) = setting.Split('=', 2) is [var n, var v] ? (n, double.Parse(v, CultureInfo.InvariantCulture)) : throw new ArgumentException($"not name=value: {setting}");
        options = name switch
        {
            "restarts" => options with { Restarts = (int)value },
            "lsa" => options with { LsaDimensions = (int)value },
            "maxk" => options with { MaxClusters = (int)value },
            "cooccurrence" => options with { CooccurrenceWeight = (float)value },
            "tolerance" => options with { ModularityTolerance = value },
            _ => throw new ArgumentException($"unknown setting: {name}"),
        };
    }

    return options;
}
