namespace Incident.Workflows.Definitions;

/// <summary>
/// What a definition document may hold before it is read into a tree (issue 11): definitions are user input,
/// and the tree builders recurse, so depth, node count (aliases expanded), alias count and size are checked first.
/// </summary>
/// <param name="MaxDepth">Nesting of mappings/objects and sequences/arrays.</param>
/// <param name="MaxNodes">Scalars, mappings and sequences, counting each alias as the nodes it expands to.</param>
/// <param name="MaxAliases">YAML alias references (<c>*name</c>).</param>
/// <param name="MaxChars">Characters of the document.</param>
public sealed record DocumentLimits(int MaxDepth = 64, int MaxNodes = 100_000, int MaxAliases = 100, int MaxChars = 512 * 1024)
{
    /// <summary>The defaults; also what the configured limits of the API start from.</summary>
    public static DocumentLimits Default { get; } = new();

    /// <summary>
    /// For documents read back from the store: each was checked under the configured limits when it was saved,
    /// and the API caps its configured limits at these, so a stored version always reads again.
    /// </summary>
    public static DocumentLimits Stored { get; } = new(MaxDepth: 256, MaxNodes: 10_000_000, MaxAliases: 100_000, MaxChars: 64 * 1024 * 1024);
}

/// <summary>Why a document was refused before it was read: a limit it exceeds, or a member/key it names twice.</summary>
/// <param name="Kind"><see cref="LimitKind"/> or <see cref="DuplicateKind"/>.</param>
/// <param name="Limit">For a limit: its name (MaxDepth, MaxNodes, MaxAliases, MaxChars).</param>
/// <param name="Max">For a limit: its value.</param>
/// <param name="Path">Where in the document (a JSON path, or a YAML line and column).</param>
/// <param name="Message">What is wrong, naming the limit (e.g. "nesting deeper than 64 levels").</param>
public sealed record DocumentRejection(string Kind, string? Limit, long? Max, string Path, string Message)
{
    public const string LimitKind = "input-limit";
    public const string DuplicateKind = "duplicate-member";

    internal static DocumentRejection Exceeds(string limit, long max, string path, string message) => new(LimitKind, limit, max, path, message);

    internal static DocumentRejection Duplicate(string path, string message) => new(DuplicateKind, null, null, path, message);
}

/// <summary>Thrown by the guards while reading; the parser turns it into <see cref="DefinitionParseResult.Rejection"/>.</summary>
internal sealed class DocumentRejectedException(DocumentRejection rejection) : Exception(rejection.Message)
{
    public DocumentRejection Rejection { get; } = rejection;
}
