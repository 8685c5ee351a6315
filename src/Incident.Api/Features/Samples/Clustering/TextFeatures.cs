namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Turns a short Chinese/English text into (a) clustering features and (b) readable candidate terms.
/// Features follow the usual short-text recipe: character 1–3-grams inside runs of Han characters (Chinese has no
/// spaces, so n-grams stand in for word segmentation), whole words plus boundary-marked character 3-grams for
/// Latin script (the 3-grams make typos and inflections still overlap). Terms are what a reader would accept as a
/// label: whole non-stop words, and 2–4 character Han n-grams that do not start or end on a particle or pronoun.
/// </summary>
internal static class TextFeatures
{
    internal const int MaxWordLength = 32;

    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "is", "are", "was",
        "were", "be", "been", "am", "i", "you", "he", "she", "it", "we", "they", "me", "my", "your", "our", "his",
        "her", "their", "them", "us", "this", "that", "these", "those", "do", "does", "did", "not", "no", "so", "just",
        "as", "by", "from", "up", "out", "about", "what", "when", "how", "all", "can", "will", "would", "there",
        "here", "have", "has", "had", "get", "got", "its", "im", "dont", "u", "ur", "too", "very", "than", "then",
        "into", "over", "more", "some", "any", "who", "why", "which", "also", "only", "now", "one", "again", "lol",
        "pls", "plz", "ok", "oh", "hey", "hi", "yes", "yeah", "via", "s", "t", "re", "ve", "ll", "d", "m",
    };

    // Particles, pronouns and copulas: an n-gram that starts or ends on one is almost always cut across words.
    private const string BadStart = "的了吗呢吧啊呀哦嗯么着哈啦嘛我你他她它这那是在和与就都也还又个们把被给让";
    private const string BadEnd = "的吗呢吧啊呀哦嗯么着哈啦嘛我你他她它这那是在和与就都也还又个们把被给让一";

    private static readonly HashSet<string> ChineseStopTerms = new(StringComparer.Ordinal)
    {
        "什么", "怎么", "可以", "没有", "不是", "就是", "一个", "大家", "现在", "今天", "真的", "已经", "因为", "所以",
        "但是", "如果", "还是", "这样", "那样", "自己", "知道", "觉得", "一下", "一些", "有人", "不要", "不能", "出来",
        "起来", "时候", "东西", "为什么", "怎么办", "有没有", "是不是",
    };

    /// <summary>Kind of a maximal run of characters inside a normalised text.</summary>
    internal enum RunKind
    {
        Han,
        Word,
        Symbol,
    }

    /// <summary>
    /// Folds full-width forms (what Chinese input methods produce: "ＶＸ", "１２３") to ASCII and lower-cases, so
    /// both spellings share features.
    /// </summary>
    internal static string Normalize(string text) => string.Create(text.Length, text, static (dest, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            var c = src[i];
            if (c is >= '\uFF01' and <= '\uFF5E')
                c = (char)(c - 0xFEE0);
            else if (c == '\u3000')
                c = ' ';
            dest[i] = char.ToLowerInvariant(c);
        }
    });

    internal static bool IsHan(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Splits a normalised text into runs of Han characters, letters/digits, and symbols (emoji).</summary>
    internal static void Runs(string s, List<(int Start, int Length, RunKind Kind)> runs)
    {
        runs.Clear();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsHan(c))
            {
                var start = i;
                while (i < s.Length && IsHan(s[i]))
                    i++;
                runs.Add((start, i - start, RunKind.Han));
            }
            else if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsLetterOrDigit(s[i]) && !IsHan(s[i]))
                    i++;
                runs.Add((start, i - start, RunKind.Word));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                // Emoji carry signal in live-room chat ("🎰", "💊"); keep each as its own token.
                runs.Add((i, 2, RunKind.Symbol));
                i += 2;
            }
            else
            {
                if (char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.OtherSymbol)
                    runs.Add((i, 1, RunKind.Symbol));
                i++;
            }
        }
    }

    internal static bool IsEnglishStopWord(ReadOnlySpan<char> word) =>
        EnglishStopWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    internal static bool IsAllDigits(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
                return false;
        }
        return true;
    }

    /// <summary>Whether a Latin word is readable as a cluster term (not a stop word, not a bare number).</summary>
    internal static bool IsReadableWord(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 20 && !IsAllDigits(word) && !IsEnglishStopWord(word);

    /// <summary>Whether a 2–4 character Han n-gram is readable as a cluster term.</summary>
    internal static bool IsReadableHan(ReadOnlySpan<char> gram) =>
        !BadStart.Contains(gram[0]) && !BadEnd.Contains(gram[^1])
        && !ChineseStopTerms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(gram);
}
