using Incident.Bench.Workflows;

// Stopwatch loops with warmup (BenchmarkDotNet would need minutes per run on the shared machine).
// Run with: dotnet run -c Release --project bench/Incident.Bench.Workflows [-- iterations resumes]
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var resumes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;

var perRun = await SequentialRun.MeasureAsync(iterations);
Console.WriteLine($"10-step sequential workflow, in memory: {perRun.TotalMicroseconds:F1} µs per run (target <= 50 µs) over {iterations} runs");

var (engine, direct) = await SqliteResume.MeasureAsync(resumes);
Console.WriteLine($"SQLite resume, engine: {resumes / engine.TotalSeconds:F0} resumes/s; same SQL writes without the engine: {resumes / direct.TotalSeconds:F0}/s");
Console.WriteLine($"ratio engine/direct throughput: {direct / engine:F2} (target >= 0.7)");
