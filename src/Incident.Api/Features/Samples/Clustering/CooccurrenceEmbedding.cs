namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Feature vectors learnt from the texts themselves: truncated SVD of the shifted positive PMI matrix of features
/// that occur in the same text (Levy &amp; Goldberg 2014, "Neural word embedding as implicit matrix factorization";
/// Σ^½ weighting as in Levy, Goldberg &amp; Dagan 2015). A text is then the TF-IDF-weighted sum of its features'
/// vectors, so two texts that share no feature but whose features keep the same company come out close.
/// ADR-0013: PMI divides out how common a feature is, so platform noise ("家人们", "lol") that appears with every
/// topic of its language associates with none of them, while a mixed "赌博 gambling" text links the Chinese and
/// English words of a topic; plain LSA on TF-IDF splits Chinese from English first.
/// </summary>
internal static class CooccurrenceEmbedding
{
    /// <summary>
    /// PMI below log 2 is dropped (shift k = 2): pairs that meet only a little more often than chance are mostly
    /// noise in a few thousand short texts.
    /// </summary>
    private const double Shift = 0.6931471805599453;

    /// <summary>
    /// Text vectors (L2-normalised, dense rows) in at most <paramref name="dims"/> dimensions, from the columns of
    /// <paramref name="tfidf"/> that are whole words or Han 2–3-grams: the word fragments (Han unigrams, Latin
    /// 3-grams) multiply the pairs to count by ten and mostly repeat what their word says. A text with only
    /// fragments gets a zero vector here and is placed by its LSA part.
    /// </summary>
    public static SparseRows TextVectors(SparseRows tfidf, IReadOnlyList<bool> isFragment, int dims, int seed)
    {
        var x = WithoutFragments(tfidf, isFragment);
        var words = Lsa.Project(Ppmi(x), dims, seed, powerIterations: 2, singularValuePower: 0.5);
        var d = words.ColumnCount;
        var n = x.RowCount;
        var rowStart = new int[n + 1];
        var indices = new int[n * d];
        var values = new float[n * d];
        for (var r = 0; r < n; r++)
        {
            rowStart[r + 1] = (r + 1) * d;
            var text = values.AsSpan(r * d, d);
            for (var p = x.RowStart[r]; p < x.RowStart[r + 1]; p++)
            {
                var word = words.Row(x.Indices[p]);
                var weight = x.Values[p];
                for (var j = 0; j < word.Length; j++)
                    text[j] += weight * word[j];
            }
            var norm = 0.0;
            for (var j = 0; j < d; j++)
            {
                indices[(r * d) + j] = j;
                norm += (double)text[j] * text[j];
            }
            if (norm > 0)
            {
                var scale = (float)(1 / Math.Sqrt(norm));
                foreach (ref var e in text)
                    e *= scale;
            }
        }
        return new SparseRows(d, rowStart, indices, values);
    }

    private static SparseRows WithoutFragments(SparseRows x, IReadOnlyList<bool> isFragment)
    {
        var rowStart = new int[x.RowCount + 1];
        var indices = new List<int>(x.Indices.Length / 4);
        var values = new List<float>(x.Indices.Length / 4);
        for (var r = 0; r < x.RowCount; r++)
        {
            for (var p = x.RowStart[r]; p < x.RowStart[r + 1]; p++)
            {
                if (!isFragment[x.Indices[p]])
                {
                    indices.Add(x.Indices[p]);
                    values.Add(x.Values[p]);
                }
            }
            rowStart[r + 1] = indices.Count;
        }
        return new SparseRows(x.ColumnCount, rowStart, [.. indices], [.. values]);
    }

    /// <summary>
    /// Feature × feature matrix of max(0, PMI − log 2) over "occurs in the same text", rows L2-normalised so rare
    /// and common features weigh alike in the SVD; built one feature row at a time from an inverted index (the sparse product XᵀX without storing it): O(Σ text length²).
    /// </summary>
    internal static SparseRows Ppmi(SparseRows x)
    {
        var v = x.ColumnCount;
        var n = (double)x.RowCount;
        var df = new int[v];
        foreach (var f in x.Indices)
            df[f]++;
        var postingStart = new int[v + 1];
        for (var f = 0; f < v; f++)
            postingStart[f + 1] = postingStart[f] + df[f];
        var postings = new int[x.Indices.Length];
        var fill = postingStart[..^1].ToArray();
        for (var r = 0; r < x.RowCount; r++)
        {
            for (var p = x.RowStart[r]; p < x.RowStart[r + 1]; p++)
                postings[fill[x.Indices[p]]++] = r;
        }

        var counts = new int[v];
        var touched = new List<int>();
        var rowStart = new int[v + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var a = 0; a < v; a++)
        {
            for (var q = postingStart[a]; q < postingStart[a + 1]; q++)
            {
                var r = postings[q];
                for (var p = x.RowStart[r]; p < x.RowStart[r + 1]; p++)
                {
                    var b = x.Indices[p];
                    if (b == a)
                        continue;
                    if (counts[b]++ == 0)
                        touched.Add(b);
                }
            }
            touched.Sort();
            var norm = 0.0;
            foreach (var b in touched)
            {
                var pmi = Math.Log(counts[b] * n / ((double)df[a] * df[b])) - Shift;
                if (pmi > 0)
                {
                    indices.Add(b);
                    values.Add((float)pmi);
                    norm += pmi * pmi;
                }
                counts[b] = 0;
            }
            touched.Clear();
            rowStart[a + 1] = indices.Count;
            for (var p = rowStart[a]; p < rowStart[a + 1]; p++)
                values[p] = (float)(values[p] / Math.Sqrt(norm));
        }
        return new SparseRows(v, rowStart, [.. indices], [.. values]);
    }
}
