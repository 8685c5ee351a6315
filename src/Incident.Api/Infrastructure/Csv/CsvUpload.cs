using System.Buffers;
using System.Text.Unicode;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Limits;
using Microsoft.Extensions.Options;

namespace Incident.Api.Infrastructure.Csv;

/// <summary>
/// The body of a text/csv upload as text. It must be UTF-8: a byte sequence that is not is a 400 naming its line
/// (issue 11), never silently replaced by U+FFFD. The route's body limit bounds what is read.
/// </summary>
public static class CsvUpload
{
    public static InputLimits Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<InputLimits>>().Value;

    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Strict UTF-8 decoding; the leading byte-order mark, if any, is dropped.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var line = bytes[..read].Count((byte)'\n') + 1;
                var bad = string.Join(" ", bytes[read..Math.Min(read + 4, bytes.Length)].ToArray().Select(b => $"0x{b:X2}"));
                throw ValidationFailedException.For(
                    $"line {line}", $"line {line}: the CSV is not valid UTF-8 (bytes {bad} at byte offset {read}); save the file as UTF-8.");
            }

            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The decoded body as a reader, for the line-by-line readers (signals).</summary>
    public static async Task<TextReader> ReaderAsync(HttpRequest request) => new StringReader(await ReadTextAsync(request));

    /// <summary>Shared by the CSV readers: a record longer than <see cref="InputLimits.MaxCsvLineChars"/>.</summary>
    public static InputLimitExceededException LineTooLong(int line, InputLimits limits) => new(
        nameof(InputLimits.MaxCsvLineChars), limits.MaxCsvLineChars,
        $"line {line} is longer than {InputLimits.Count(limits.MaxCsvLineChars)} characters (an unclosed quote makes the rest of the file one field).",
        field: $"line {line}");

    /// <summary>Shared by the CSV readers: a record with more than <see cref="InputLimits.MaxCsvColumns"/> fields.</summary>
    public static InputLimitExceededException TooManyColumns(int line, InputLimits limits) => new(
        nameof(InputLimits.MaxCsvColumns), limits.MaxCsvColumns,
        $"line {line} has more than {limits.MaxCsvColumns} columns.",
        field: $"line {line}");
}
