using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Incident.Workflows.Definitions;

/// <summary>
/// Passes over a document's tokens (YAML parser events, JSON reader tokens) before any tree is built: neither
/// pass recurses, so a document nested 10,000 deep or an alias bomb is refused here, naming the limit,
/// instead of overflowing the stack or expanding without end in the tree builders (issue 11).
/// </summary>
internal static class DocumentGuards
{
    public static void CheckSize(string document, DocumentLimits limits)
    {
        if (document.Length > limits.MaxChars)
        {
            throw Rejected(DocumentRejection.Exceeds(
                nameof(DocumentLimits.MaxChars), limits.MaxChars, "$",
                $"the document is larger than {limits.MaxChars.ToString("N0", CultureInfo.InvariantCulture)} characters (it has {document.Length.ToString("N0", CultureInfo.InvariantCulture)})"));
        }
    }

    /// <summary>Depth, expanded node count, alias count, recursive aliases and duplicate keys of a YAML stream.</summary>
    public static void CheckYaml(string document, DocumentLimits limits)
    {
        CheckSize(document, limits);
        var parser = new Parser(new StringReader(document));
        var open = new List<Frame>();
        var anchors = new Dictionary<string, (long Nodes, int Depth)>(StringComparer.Ordinal);
        long nodes = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var at = $"line {current.Start.Line}, column {current.Start.Column}";
            if (current is NodeEvent && open.Count > 0)
            {
                open[^1].Enter(current);
            }

            switch (current)
            {
                case DocumentStart:
                    anchors.Clear();
                    break;
                case SequenceStart or MappingStart:
                    var depth = open.Count + 1;
                    CheckDepth(depth, limits, at);
                    nodes++;
                    var anchor = ((NodeEvent)current).Anchor;
                    open.Add(new Frame(anchor.IsEmpty ? null : anchor.Value, nodes, depth, current is MappingStart));
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = open[^1];
                    open.RemoveAt(open.Count - 1);
                    if (frame.Anchor is { } name)
                    {
                        anchors[name] = (nodes - frame.NodesBefore + 1, frame.Deepest - frame.Depth + 1);
                    }

                    if (open.Count > 0)
                    {
                        open[^1].Deepest = Math.Max(open[^1].Deepest, frame.Deepest);
                    }

                    break;
                case Scalar scalar:
                    nodes++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = (1, 0);
                    }

                    if (open.Count > 0 && open[^1].DuplicateKey is { } duplicate)
                    {
                        var path = YamlPath(open);
                        throw Rejected(DocumentRejection.Duplicate(path, $"duplicate key '{duplicate}' at '{path}' ({at}): a key may appear only once"));
                    }

                    break;
                case AnchorAlias alias:
                    if (++aliases > limits.MaxAliases)
                    {
                        throw Rejected(DocumentRejection.Exceeds(
                            nameof(DocumentLimits.MaxAliases), limits.MaxAliases, at, $"more than {limits.MaxAliases} aliases ({at})"));
                    }

                    var target = alias.Value.Value;
                    if (open.Any(f => f.Anchor == target))
                    {
                        throw Rejected(DocumentRejection.Exceeds(
                            nameof(DocumentLimits.MaxDepth), limits.MaxDepth, at, $"alias *{target} refers to the node that contains it: a recursive alias nests without end ({at})"));
                    }

                    if (anchors.TryGetValue(target, out var expanded))
                    {
                        nodes += expanded.Nodes;
                        var reached = open.Count + expanded.Depth;
                        CheckDepth(reached, limits, at);
                        if (open.Count > 0)
                        {
                            open[^1].Deepest = Math.Max(open[^1].Deepest, reached);
                        }
                    }

                    // An alias to no anchor is left to the reader, which reports it as a YAML error.
                    break;
            }

            if (nodes > limits.MaxNodes)
            {
                throw Rejected(DocumentRejection.Exceeds(
                    nameof(DocumentLimits.MaxNodes), limits.MaxNodes, at,
                    $"more than {limits.MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes, counting each alias as the nodes it expands to ({at})"));
            }
        }
    }

    private static string YamlPath(List<Frame> open)
    {
        var text = new StringBuilder("$");
        foreach (var frame in open)
        {
            if (!frame.IsMapping)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{Math.Max(frame.Index, 0)}]");
            }
            else if (frame.Key is { } key)
            {
                text.Append('.').Append(key);
            }
        }

        return text.ToString();
    }

    /// <summary>Depth, node count and duplicate member names of a JSON document (comments and trailing commas allowed).</summary>
    public static void CheckJson(string document, DocumentLimits limits)
    {
        CheckSize(document, limits);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(document), new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = limits.MaxDepth + 1, // so the check below, which names the limit and the path, comes first
        });
        var path = new List<JsonFrame>();
        long nodes = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = path[^1];
                    var name = reader.GetString()!;
                    frame.Member = name;
                    if (!frame.Names!.Add(name))
                    {
                        throw Rejected(DocumentRejection.Duplicate(Path(path), $"duplicate member '{name}' at '{Path(path)}': a member may appear only once"));
                    }

                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    continue;
            }

            if (path.Count > 0 && path[^1].Names is null)
            {
                path[^1].Index++;
            }

            if (++nodes > limits.MaxNodes)
            {
                throw Rejected(DocumentRejection.Exceeds(
                    nameof(DocumentLimits.MaxNodes), limits.MaxNodes, Path(path), $"more than {limits.MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} values (at '{Path(path)}')"));
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                CheckDepth(path.Count + 1, limits, Path(path));
                path.Add(new JsonFrame(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
            }
        }
    }

    private static void CheckDepth(int depth, DocumentLimits limits, string at)
    {
        if (depth > limits.MaxDepth)
        {
            throw Rejected(DocumentRejection.Exceeds(nameof(DocumentLimits.MaxDepth), limits.MaxDepth, at, $"nesting deeper than {limits.MaxDepth} levels (at {at})"));
        }
    }

    private static string Path(List<JsonFrame> path)
    {
        var text = new StringBuilder("$");
        foreach (var frame in path)
        {
            if (frame.Names is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{Math.Max(frame.Index, 0)}]");
            }
            else if (frame.Member is { } member)
            {
                text.Append('.').Append(member);
            }
        }

        return text.ToString();
    }

    private static DocumentRejectedException Rejected(DocumentRejection rejection) => new(rejection);

    /// <summary>An open YAML mapping or sequence: its anchor, size so far, depth, and where in it the parser is.</summary>
    private sealed class Frame(string? anchor, long nodesBefore, int depth, bool isMapping)
    {
        private readonly HashSet<string>? keys = isMapping ? new(StringComparer.Ordinal) : null;
        private bool atKey = true;

        public string? Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int Depth { get; } = depth;

        public int Deepest { get; set; } = depth;

        public bool IsMapping { get; } = isMapping;

        public int Index { get; private set; } = -1;

        /// <summary>The key of the value being read (mappings).</summary>
        public string? Key { get; private set; }

        /// <summary>Set when the node just entered is a key the mapping already has.</summary>
        public string? DuplicateKey { get; private set; }

        /// <summary>A node starts directly inside this collection: a key or a value of a mapping, an item of a sequence.</summary>
        public void Enter(ParsingEvent node)
        {
            DuplicateKey = null;
            if (keys is null)
            {
                Index++;
                return;
            }

            if (atKey)
            {
                Key = node is Scalar scalar ? scalar.Value : "?";
                if (node is Scalar && !keys.Add(Key))
                {
                    DuplicateKey = Key;
                }
            }

            atKey = !atKey;
        }
    }

    private sealed class JsonFrame(HashSet<string>? names)
    {
        public HashSet<string>? Names { get; } = names;

        public string? Member { get; set; }

        public int Index { get; set; } = -1;
    }
}
