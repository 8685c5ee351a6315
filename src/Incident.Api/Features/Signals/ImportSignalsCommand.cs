using System.CommandLine;
using System.Globalization;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Spectre.Console;

namespace Incident.Api.Features.Signals;

/// <summary>
/// `import-signals FILE.csv --business-line X --category Y --metric Z`: streams the file in batches of at
/// most 10,000 points through the same IngestSignals use case as POST /api/signals. The whole file is
/// checked first (a streaming pass), so a bad row stops the import before anything is stored.
/// </summary>
public static class ImportSignalsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "timestamp,value CSV file" };
        var businessLine = new Option<string>("--business-line") { Description = "Business line of the series", Required = true };
        var category = new Option<string>("--category") { Description = "Risk category of the series", Required = true };
        var metric = new Option<string>("--metric") { Description = "Metric name, e.g. report-volume", Required = true };
        var command = new Command("import-signals", "Import a timestamp,value CSV into a monitored series (scored, anomalies raised).")
        {
            file, businessLine, category, metric,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"No such file: {input.FullName}");
                return 2;
            }

            var series = new SeriesKey(parse.GetValue(businessLine), parse.GetValue(category), parse.GetValue(metric));
            try
            {
                var total = await CheckAsync(input, ct);
                await using var app = IncidentApp.Build(["--Logging:LogLevel:Default=Warning", .. parse.UnmatchedTokens]);
                await app.PrepareAsync(ct);
                var (accepted, anomalies) = await ImportAsync(app.Services, input, series, total, ct);
                Console.WriteLine($"Accepted {accepted} point(s); {anomalies.Count} anomal{(anomalies.Count == 1 ? "y" : "ies")}.");
                foreach (var a in anomalies)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {a.WindowStart:O} .. {a.WindowEnd:O} peak {a.PeakScore:0.000} value {a.PeakValue} -> {a.Outcome} {a.Incident.Key}"));
                }

                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var message in e.Errors.SelectMany(x => x.Value))
                {
                    Console.Error.WriteLine($"{input.Name}: {message}");
                }

                return 1;
            }
        });
        return command;
    }

    /// <summary>The in-batch checks over the whole file, streaming; returns the number of points.</summary>
    private static async Task<int> CheckAsync(FileInfo input, CancellationToken ct)
    {
        using var reader = input.OpenText();
        var errors = new ValidationErrors();
        var count = 0;
        SignalPointInput? previous = null;
        await foreach (var point in SignalCsv.ReadAsync(reader, ct))
        {
            // Pairs, so "strictly increasing" is checked across every row without holding the file.
            SignalBatch.Parse(previous is null ? [point] : [previous, point], errors);
            errors.ThrowIfAny();
            previous = point;
            count++;
        }

        errors.Check(count > 0, "csv", "The file has no points.");
        errors.ThrowIfAny();
        return count;
    }

    private static async Task<(int Accepted, List<AnomalyView> Anomalies)> ImportAsync(
        IServiceProvider services, FileInfo input, SeriesKey series, int total, CancellationToken ct)
    {
        var accepted = 0;
        var anomalies = new List<AnomalyView>();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Importing {input.Name}", maxValue: total);
            using var reader = input.OpenText();
            var batch = new List<SignalPointInput>(SignalOptions.MaxPointsPerBatch);
            await foreach (var point in SignalCsv.ReadAsync(reader, ct))
            {
                batch.Add(point);
                if (batch.Count == SignalOptions.MaxPointsPerBatch)
                {
                    await SendAsync(batch);
                }
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch);
            }

            async Task SendAsync(List<SignalPointInput> points)
            {
                await using var scope = services.CreateAsyncScope();
                var ingested = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                    new IngestSignals(series, [.. points], MonitoringIncidents.System), ct);
                accepted += ingested.Accepted;
                anomalies.AddRange(ingested.Anomalies);
                task.Increment(points.Count);
                points.Clear();
            }
        });
        return (accepted, anomalies);
    }
}
