using System.CommandLine;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Mediation;
using MediatR;
using Spectre.Console;

namespace Incident.Api.Features.Governance.Enforcement;

/// <summary>
/// `import-enforcements FILE.csv`: the CSV of POST /api/governance/enforcements (docs/governance.md), any size, sent
/// through the same ImportEnforcements use case in batches of 10,000 with a progress bar. The whole file is parsed and
/// every batch validated first, so a bad line stops the import before anything is stored; a batch the rules then refuse
/// (e.g. the rule stopped enforcing) stops it with the batches before it kept (re-running is safe: records are idempotent).
/// </summary>
public static class ImportEnforcementsCommand
{
    private static readonly Viewer Importer = new("import", "Command-line import", [Roles.Operator], "risk-ops");

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV of enforcement records (header row with the column names)" };
        var command = new Command("import-enforcements", "Import enforcement records (strikes and ladder steps computed, DSA fields kept).") { file };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"No such file: {input.FullName}");
                return 2;
            }

            IReadOnlyList<EnforcementSubmission> records;
            try
            {
                records = EnforcementCsv.Parse(await File.ReadAllTextAsync(input.FullName, ct));
            }
            catch (ValidationFailedException e)
            {
                return Report(input, e, 0);
            }

            await using var app = IncidentApp.Build(["--Logging:LogLevel:Default=Warning", .. parse.UnmatchedTokens]);
            await app.PrepareAsync(ct);
            try
            {
                await CheckAsync(app.Services, records, ct);
            }
            catch (ValidationFailedException e)
            {
                return Report(input, e, 0);
            }

            var (accepted, duplicates, steps) = (0, 0, new SortedDictionary<string, int>(StringComparer.Ordinal));
            try
            {
                await AnsiConsole.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {input.Name}", maxValue: records.Count);
                    foreach (var batch in records.Chunk(EnforcementInput.MaxRecords))
                    {
                        await using var scope = app.Services.CreateAsyncScope();
                        var imported = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportEnforcements(batch, Importer), ct);
                        accepted += imported.Accepted;
                        duplicates += imported.Duplicates;
                        foreach (var record in imported.Records.Where(r => !r.Duplicate))
                        {
                            var step = record.Shadow ? $"{record.Action} (shadow)" : record.Action;
                            steps[step] = steps.GetValueOrDefault(step) + 1;
                        }

                        task.Increment(batch.Length);
                    }
                });
            }
            catch (Exception e) when (e is ValidationFailedException or ConflictException)
            {
                return Report(input, e, accepted);
            }

            Console.WriteLine($"Accepted {accepted} record(s), {duplicates} already imported.");
            foreach (var (step, count) in steps)
            {
                Console.WriteLine($"  {step}: {count}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Every batch through the use case's own validation before the first is sent: a bad line stores nothing.</summary>
    private static async Task CheckAsync(IServiceProvider services, IReadOnlyList<EnforcementSubmission> records, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var validators = scope.ServiceProvider.GetServices<IValidator<ImportEnforcements>>().ToList();
        foreach (var batch in records.Chunk(EnforcementInput.MaxRecords))
        {
            var errors = new ValidationErrors();
            foreach (var validator in validators)
            {
                await validator.ValidateAsync(new ImportEnforcements(batch, Importer), errors, ct);
            }

            errors.ThrowIfAny();
        }
    }

    private static int Report(FileInfo input, Exception e, int kept)
    {
        var messages = e is ValidationFailedException v ? v.Errors.SelectMany(x => x.Value) : [e.Message];
        foreach (var message in messages)
        {
            Console.Error.WriteLine($"{input.Name}: {message}");
        }

        if (kept > 0)
        {
            Console.Error.WriteLine($"{kept} record(s) of earlier batches were imported and kept; fix the file and run again (imported records are skipped).");
        }

        return 1;
    }
}
