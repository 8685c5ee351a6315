using System.Text;

namespace Incident.Api.Features.Samples.Clustering;

/// <summary>Top terms, representatives and a one-line summary for each cluster.</summary>
internal static class ClusterDescriber
{
    private const int SnippetLength = 40;

    /// <summary>
    /// Terms ranked by contrast: mean TF-IDF weight inside the cluster minus the mean outside it (a class-based
    /// TF-IDF in the spirit of c-TF-IDF), among terms in at least 2 members (or 3% of a large cluster) so one-off
    /// typos do not label a cluster. Overlapping Chinese n-grams are merged greedily: a longer n-gram replaces the
    /// shorter ones it contains when it covers most of their documents ("刷单" + "返利" → "刷单返利"), otherwise
    /// the fragment is dropped.
    /// </summary>
    public static IReadOnlyList<string> Terms(TextCorpus corpus, IReadOnlyList<int> members, double[] termTotals, int maxTerms)
    {
        var t = corpus.TermVectors;
        var n = t.RowCount;
        var sums = new Dictionary<int, (double Sum, int Df)>();
        foreach (var d in members)
        {
            for (var p = t.RowStart[d]; p < t.RowStart[d + 1]; p++)
            {
                var (sum, df) = sums.GetValueOrDefault(t.Indices[p]);
                sums[t.Indices[p]] = (sum + t.Values[p], df + 1);
            }
        }
        var size = members.Count;
        var minDf = Math.Max(Math.Min(2, size), (int)Math.Ceiling(0.03 * size));
        var ranked = sums
            .Where(e => e.Value.Df >= minDf && corpus.TermIsWord[e.Key])
            .Select(e => (Term: e.Key, e.Value.Df, Score: (e.Value.Sum / size) - (n > size ? (termTotals[e.Key] - e.Value.Sum) / (n - size) : 0)))
            .Where(e => e.Score > 0)
            .OrderByDescending(e => e.Score)
            .ThenByDescending(e => corpus.Terms[e.Term].Length)
            .ThenBy(e => corpus.Terms[e.Term], StringComparer.Ordinal)
            .Take((maxTerms * 12) + 40)
            .ToList();

        var picked = new List<(string Term, int Df)>();
        foreach (var (term, df, _) in ranked)
        {
            var s = corpus.Terms[term];
            var overlapping = picked.Where(p => Overlaps(p.Term, s)).ToList();
            if (overlapping.Count == 0)
            {
                if (picked.Count < maxTerms)
                    picked.Add((s, df));
                continue;
            }
            var subsumes = overlapping.All(p => s.Length > p.Term.Length && s.Contains(p.Term, StringComparison.Ordinal));
            if (!subsumes || df < 0.6 * overlapping.Max(p => p.Df))
                continue;
            var slot = picked.IndexOf(overlapping[0]);
            picked[slot] = (s, df);
            foreach (var other in overlapping.Skip(1))
                picked.Remove(other);
        }
        return picked.Select(p => p.Term).ToList();
    }

    /// <summary>Members most similar to the centroid, skipping texts that repeat an already chosen one.</summary>
    public static IReadOnlyList<int> Representatives(
        IReadOnlyList<int> members, float[] centroidSimilarity, IReadOnlyList<TextSample> samples, int max)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<int>(max);
        foreach (var i in members.OrderByDescending(i => centroidSimilarity[i]).ThenBy(i => i))
        {
            if (chosen.Count == max)
                break;
            if (seen.Add(TextFeatures.Normalize((samples[i].Text ?? "").Trim())))
                chosen.Add(i);
        }
        return chosen;
    }

    /// <summary>"42 samples · 诈骗 / 刷单 / 返利 · e.g. '…'".</summary>
    public static string Summary(int size, IReadOnlyList<string> terms, string? example)
    {
        var b = new StringBuilder();
        b.Append(size).Append(size == 1 ? " sample" : " samples");
        if (terms.Count > 0)
            b.Append(" · ").AppendJoin(" / ", terms.Take(3));
        if (!string.IsNullOrWhiteSpace(example))
            b.Append(" · e.g. '").Append(Snippet(example)).Append('\'');
        return b.ToString();
    }

    private static string Snippet(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= SnippetLength)
            return collapsed;
        var cut = char.IsHighSurrogate(collapsed[SnippetLength - 1]) ? SnippetLength - 1 : SnippetLength;
        return collapsed[..cut] + "…";
    }

    /// <summary>
    /// Han terms overlap when they share a character bigram (one is cut from the other's phrase); words when one
    /// is the other plus a short suffix ("scam"/"scams").
    /// </summary>
    private static bool Overlaps(string a, string b)
    {
        var hanA = TextFeatures.IsHan(a[0]);
        if (hanA != TextFeatures.IsHan(b[0]))
            return false;
        if (!hanA)
        {
            var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
            return longer.StartsWith(shorter, StringComparison.Ordinal) && longer.Length - shorter.Length <= 2;
        }
        for (var i = 0; i + 2 <= a.Length; i++)
        {
            if (b.AsSpan().IndexOf(a.AsSpan(i, 2)) >= 0)
                return true;
        }
        return false;
    }
}
