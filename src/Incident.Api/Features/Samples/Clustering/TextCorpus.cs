namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// TF-IDF views of a set of short texts: <see cref="Vectors"/> for clustering (sublinear tf, smoothed idf, L2 rows,
/// features seen in one text only dropped because they cannot make two texts similar) and <see cref="TermVectors"/>
/// over readable candidate terms for describing clusters.
/// </summary>
internal sealed class TextCorpus
{
    // Han unigrams are shared by unrelated texts (骗, 钱, 人), and each Latin word yields several 3-grams: both are
    // damped so whole bigrams/trigrams and words carry most of the weight.
    private const float HanUnigramWeight = 0.3f;
    private const float LatinTrigramWeight = 0.4f;
    private const char TrigramMark = '\u0001';
    private const string NumberFeature = "\u0002num";
    private const char Boundary = '\0';

    private TextCorpus(
        SparseRows vectors, bool[] featureIsFragment, SparseRows termVectors, string[] terms, int[] termDocFrequency, bool[] termIsWord)
    {
        FeatureIsFragment = featureIsFragment;
        TermIsWord = termIsWord;
        Vectors = vectors;
        TermVectors = termVectors;
        Terms = terms;
        TermDocFrequency = termDocFrequency;
    }

    public SparseRows Vectors { get; }

    /// <summary>Per column of <see cref="Vectors"/>: a Han unigram or a Latin character 3-gram, i.e. part of a word.</summary>
    public IReadOnlyList<bool> FeatureIsFragment { get; }

    public SparseRows TermVectors { get; }

    public IReadOnlyList<string> Terms { get; }

    public IReadOnlyList<int> TermDocFrequency { get; }

    /// <summary>
    /// False for Han n-grams that always have the same neighbour on one side ("年主" in 未成年主播, "活着没意"):
    /// a fragment of a longer word, by the accessor-variety criterion of Feng et al. 2004.
    /// </summary>
    public IReadOnlyList<bool> TermIsWord { get; }

    public static TextCorpus Build(IReadOnlyList<string> texts)
    {
        var features = new Vocabulary();
        var terms = new Vocabulary();
        var docFeatures = new (int[] Ids, int[] Counts)[texts.Count];
        var docTerms = new (int[] Ids, int[] Counts)[texts.Count];
        var runs = new List<(int Start, int Length, TextFeatures.RunKind Kind)>();
        var gram = new char[TextFeatures.MaxWordLength + 3];
        for (var d = 0; d < texts.Count; d++)
        {
            var s = TextFeatures.Normalize(texts[d] ?? "");
            TextFeatures.Runs(s, runs);
            foreach (var (start, length, kind) in runs)
            {
                var run = s.AsSpan(start, length);
                switch (kind)
                {
                    case TextFeatures.RunKind.Han:
                        AddHan(run, features, terms);
                        break;
                    case TextFeatures.RunKind.Word:
                        AddWord(run.Length > TextFeatures.MaxWordLength ? run[..TextFeatures.MaxWordLength] : run, features, terms, gram);
                        break;
                    default:
                        features.Add(run, 1f);
                        break;
                }
            }
            docFeatures[d] = features.TakeDocument();
            docTerms[d] = terms.TakeDocument();
        }

        var minDf = texts.Count >= 10 ? 2 : 1;
        var (featureIdf, featureColumn, featureCount) = Weights(features, texts.Count, minDf);
        var (termIdf, _, _) = Weights(terms, texts.Count, 1);
        var fragment = new bool[featureCount];
        for (var f = 0; f < featureColumn.Length; f++)
        {
            if (featureColumn[f] >= 0)
                fragment[featureColumn[f]] = features.Weight(f) == LatinTrigramWeight;
        }
        var vectorRows = new (int[], float[])[texts.Count];
        var termRows = new (int[], float[])[texts.Count];
        for (var d = 0; d < texts.Count; d++)
        {
            var (ids, counts) = docFeatures[d];
            var cols = new List<int>(ids.Length);
            var vals = new List<float>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                if (featureColumn[ids[i]] < 0)
                    continue;
                cols.Add(featureColumn[ids[i]]);
                vals.Add((1 + MathF.Log(counts[i])) * features.Weight(ids[i]) * featureIdf[ids[i]]);
            }
            vectorRows[d] = (cols.ToArray(), vals.ToArray());
            var (tIds, tCounts) = docTerms[d];
            var tVals = new float[tIds.Length];
            for (var i = 0; i < tIds.Length; i++)
                tVals[i] = (1 + MathF.Log(tCounts[i])) * termIdf[tIds[i]];
            termRows[d] = (tIds, tVals);
        }
        return new TextCorpus(
            SparseRows.FromRows(featureCount, vectorRows),
            fragment,
            SparseRows.FromRows(terms.Count, termRows),
            terms.Strings(),
            terms.DocumentFrequencies(),
            terms.HasVariedContext());
    }

    private static void AddHan(ReadOnlySpan<char> run, Vocabulary features, Vocabulary terms)
    {
        for (var i = 0; i < run.Length; i++)
        {
            features.Add(run.Slice(i, 1), HanUnigramWeight);
            for (var n = 2; n <= 4 && i + n <= run.Length; n++)
            {
                var g = run.Slice(i, n);
                if (n <= 3)
                    features.Add(g, 1f);
                if (TextFeatures.IsReadableHan(g))
                    terms.AddWithContext(g, i > 0 ? run[i - 1] : Boundary, i + n < run.Length ? run[i + n] : Boundary);
            }
        }
    }

    private static void AddWord(ReadOnlySpan<char> word, Vocabulary features, Vocabulary terms, char[] gram)
    {
        if (TextFeatures.IsAllDigits(word))
        {
            // Phone/QQ numbers differ per text but "has a long number" is itself a spam/fraud signal.
            features.Add(word.Length >= 5 ? NumberFeature : word, 1f);
            return;
        }
        if (word.Length < 2 || TextFeatures.IsEnglishStopWord(word))
            return;
        features.Add(word, 1f);
        if (TextFeatures.IsReadableWord(word))
            terms.Add(word, 1f);
        // Boundary-marked 3-grams ("^fr", "fra", ..., "ud$") keep "fraud"/"frauds"/"fruad" partly overlapping.
        gram[0] = TrigramMark;
        gram[1] = '^';
        word.CopyTo(gram.AsSpan(2));
        gram[word.Length + 2] = '$';
        var padded = gram.AsSpan(1, word.Length + 2);
        Span<char> key = stackalloc char[4];
        key[0] = TrigramMark;
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            padded.Slice(i, 3).CopyTo(key[1..]);
            features.Add(key, LatinTrigramWeight);
        }
    }

    private static (float[] Idf, int[] Column, int Count) Weights(Vocabulary vocabulary, int documents, int minDf)
    {
        var df = vocabulary.DocumentFrequencies();
        var idf = new float[df.Length];
        var column = new int[df.Length];
        var count = 0;
        for (var f = 0; f < df.Length; f++)
        {
            // Smoothed idf as in scikit-learn's TfidfVectorizer: ln((1 + n) / (1 + df)) + 1.
            idf[f] = MathF.Log((1f + documents) / (1f + df[f])) + 1f;
            column[f] = df[f] >= minDf ? count++ : -1;
        }
        return (idf, column, count);
    }

    private readonly record struct Context(bool Seen, char Left, bool LeftVaried, char Right, bool RightVaried);

    /// <summary>String interning plus per-document counts, looked up by span to avoid allocating per n-gram.</summary>
    private sealed class Vocabulary
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<float> _weights = [];
        private readonly List<int> _df = [];
        private readonly Dictionary<int, int> _doc = [];
        private readonly List<Context> _context = [];

        public int Count => _ids.Count;

        public float Weight(int id) => _weights[id];

        public void Add(ReadOnlySpan<char> key, float weight)
        {
            var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(key, out var id))
            {
                id = _ids.Count;
                lookup.TryAdd(key, id);
                _weights.Add(weight);
                _df.Add(0);
                _context.Add(default);
            }
            _doc[id] = _doc.GetValueOrDefault(id) + 1;
        }

        /// <summary>Adds a Han term and records whether its left/right neighbours vary (run boundaries count as varied).</summary>
        public void AddWithContext(ReadOnlySpan<char> key, char left, char right)
        {
            Add(key, 1f);
            var id = _ids.GetAlternateLookup<ReadOnlySpan<char>>()[key];
            var c = _context[id];
            _context[id] = c.Seen
                ? c with { LeftVaried = c.LeftVaried || c.Left != left, RightVaried = c.RightVaried || c.Right != right }
                : new Context(true, left, left == Boundary, right, right == Boundary);
        }

        public bool[] HasVariedContext() => [.. _context.Select(c => !c.Seen || (c.LeftVaried && c.RightVaried))];

        public (int[] Ids, int[] Counts) TakeDocument()
        {
            var ids = new int[_doc.Count];
            var counts = new int[_doc.Count];
            var i = 0;
            foreach (var (id, count) in _doc)
            {
                ids[i] = id;
                counts[i++] = count;
                _df[id]++;
            }
            _doc.Clear();
            return (ids, counts);
        }

        public int[] DocumentFrequencies() => [.. _df];

        public string[] Strings()
        {
            var strings = new string[_ids.Count];
            foreach (var (s, id) in _ids)
                strings[id] = s;
            return strings;
        }
    }
}
