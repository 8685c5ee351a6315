namespace Incident.Api.Features.Samples.Clustering;

/// <summary>Compressed sparse rows (CSR) with column indices sorted inside each row.</summary>
internal sealed class SparseRows
{
    public SparseRows(int columnCount, int[] rowStart, int[] indices, float[] values)
    {
        ColumnCount = columnCount;
        RowStart = rowStart;
        Indices = indices;
        Values = values;
    }

    public int RowCount => RowStart.Length - 1;

    public int ColumnCount { get; }

    public int[] RowStart { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    public bool IsEmpty(int row) => RowStart[row] == RowStart[row + 1];

    /// <summary>Every row stores every column (an LSA projection): callers can use contiguous vector maths.</summary>
    public bool IsDense => Values.Length == (long)RowCount * ColumnCount;

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    /// <summary>SIMD dot product of two equally long spans.</summary>
    public static float DenseDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            acc += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        var sum = System.Numerics.Vector.Sum(acc);
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Dot product of two rows by merging their sorted indices.</summary>
    public float Dot(int a, int b)
    {
        int i = RowStart[a], iEnd = RowStart[a + 1], j = RowStart[b], jEnd = RowStart[b + 1];
        var sum = 0f;
        while (i < iEnd && j < jEnd)
        {
            var ci = Indices[i];
            var cj = Indices[j];
            if (ci == cj)
                sum += Values[i++] * Values[j++];
            else if (ci < cj)
                i++;
            else
                j++;
        }
        return sum;
    }

    /// <summary>
    /// The given rows as a new matrix whose columns are renumbered to those actually used, so dense per-column
    /// work on a small sample costs the sample's vocabulary, not the corpus's.
    /// </summary>
    public SparseRows Subset(IReadOnlyList<int> rows) => Subset(rows, out _);

    /// <summary>As <see cref="Subset(IReadOnlyList{int})"/>; <paramref name="columns"/> maps each new column to its old one.</summary>
    public SparseRows Subset(IReadOnlyList<int> rows, out int[] columns)
    {
        var remap = new Dictionary<int, int>();
        var rowStart = new int[rows.Count + 1];
        for (var r = 0; r < rows.Count; r++)
            rowStart[r + 1] = rowStart[r] + RowStart[rows[r] + 1] - RowStart[rows[r]];
        var indices = new int[rowStart[^1]];
        var values = new float[rowStart[^1]];
        for (var r = 0; r < rows.Count; r++)
        {
            for (int p = RowStart[rows[r]], q = rowStart[r]; p < RowStart[rows[r] + 1]; p++, q++)
            {
                if (!remap.TryGetValue(Indices[p], out var col))
                {
                    col = remap.Count;
                    remap.Add(Indices[p], col);
                }
                indices[q] = col;
                values[q] = Values[p];
            }
            Array.Sort(indices, values, rowStart[r], rowStart[r + 1] - rowStart[r]);
        }
        columns = new int[remap.Count];
        foreach (var (old, col) in remap)
            columns[col] = old;
        return new SparseRows(remap.Count, rowStart, indices, values);
    }

    /// <summary>Builds a CSR matrix from per-row (column, value) lists, sorting and L2-normalising each row.</summary>
    public static SparseRows FromRows(int columnCount, IReadOnlyList<(int[] Columns, float[] Values)> rows)
    {
        var rowStart = new int[rows.Count + 1];
        for (var r = 0; r < rows.Count; r++)
            rowStart[r + 1] = rowStart[r] + rows[r].Columns.Length;
        var indices = new int[rowStart[^1]];
        var values = new float[rowStart[^1]];
        for (var r = 0; r < rows.Count; r++)
        {
            var (cols, vals) = rows[r];
            cols.CopyTo(indices, rowStart[r]);
            vals.CopyTo(values, rowStart[r]);
            Array.Sort(indices, values, rowStart[r], cols.Length);
            var norm = 0.0;
            foreach (var v in vals)
                norm += (double)v * v;
            if (norm <= 0)
                continue;
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var p = rowStart[r]; p < rowStart[r + 1]; p++)
                values[p] *= scale;
        }
        return new SparseRows(columnCount, rowStart, indices, values);
    }

    /// <summary>Dense rows [√w·a, √(1−w)·b] side by side: the cosine of two such rows is w·cos(a) + (1−w)·cos(b).</summary>
    public static SparseRows Concatenate(SparseRows a, SparseRows b, float weightOfA)
    {
        int n = a.RowCount, d = a.ColumnCount + b.ColumnCount;
        var rowStart = new int[n + 1];
        var indices = new int[n * d];
        var values = new float[n * d];
        var (sa, sb) = (MathF.Sqrt(weightOfA), MathF.Sqrt(1 - weightOfA));
        for (var r = 0; r < n; r++)
        {
            rowStart[r + 1] = (r + 1) * d;
            var row = values.AsSpan(r * d, d);
            var ra = a.Row(r);
            var rb = b.Row(r);
            for (var j = 0; j < ra.Length; j++)
                row[j] = sa * ra[j];
            for (var j = 0; j < rb.Length; j++)
                row[a.ColumnCount + j] = sb * rb[j];
            for (var j = 0; j < d; j++)
                indices[(r * d) + j] = j;
        }
        return new SparseRows(d, rowStart, indices, values);
    }
}
