// ADR-0012: `sweep` runs a declared grid of detector configurations over NAB files in-process and writes
// one results folder per configuration, in the layout `detect` writes (scripts/nab_cv.py scores them).
// Usage: sweep --data DIR --grid GRID.json --out DIR [--threads N]
//   GRID.json: { "<config name>": { "<DetectorOptions property>": value, ... }, ... } (overrides of the defaults)
//   writes OUT/defaults.json (the production defaults) and OUT/<config name>/<category>/<file>.csv
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Incident.Api.Features.Signals.Detection;

internal static class NabSweep
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public static int Run(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var data = Arg("--data");
        var gridPath = Arg("--grid");
        var outDir = Arg("--out");
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        if (data is null || gridPath is null || outDir is null)
        {
            Console.Error.WriteLine("usage: sweep --data DIR --grid GRID.json --out DIR [--threads N]");
            return 2;
        }

        // Property-name overrides only: an unknown or misspelt option fails here rather than silently using a default.
        var raw = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(gridPath))
            ?? throw new InvalidDataException($"{gridPath}: empty grid");
        var configs = raw.ToDictionary(
            kv => kv.Key,
            kv => JsonSerializer.Deserialize<DetectorOptions>(kv.Value.GetRawText(), Strict)
                ?? throw new InvalidDataException($"{gridPath}: {kv.Key} is null"));
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "defaults.json"), JsonSerializer.Serialize(new DetectorOptions(), Strict));

        var files = Directory.GetFiles(data, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var series = files.Select(f => { using var r = new StreamReader(f); return CsvScoring.Read(r); }).ToList();
        var jobs = configs.SelectMany(c => files.Select((f, i) => (Config: c.Key, Options: c.Value, File: i))).ToList();
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            var target = Path.Combine(outDir, job.Config, Path.GetRelativePath(data, files[job.File]));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var scores = CsvScoring.ScoreAll(series[job.File], job.Options);
            using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false));
            CsvScoring.Write(writer, series[job.File], scores);
        });
        Console.WriteLine($"sweep: {configs.Count} configurations x {files.Count} files in {watch.Elapsed.TotalSeconds:0.0} s ({threads} threads)");
        return 0;
    }
}
