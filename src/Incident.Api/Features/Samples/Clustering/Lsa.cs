using System.Numerics;

namespace Incident.Api.Features.Samples.Clustering;

/// <summary>
/// Latent semantic analysis: projects TF-IDF rows onto the top singular directions (U·Σ), then L2-normalises.
/// Short texts rarely share n-grams directly; LSA links them through co-occurrence (a mixed "赌博 gambling" text
/// pulls Chinese and English gambling texts together), the standard step before k-means on text (Deerwester et
/// al. 1990; scikit-learn's document-clustering example). The truncated SVD is the randomized range finder with
/// power iterations of Halko, Martinsson &amp; Tropp 2011: O(nnz·l + (n + V)·l²) for l ≈ dims + 10.
/// </summary>
internal static class Lsa
{
    private const int Oversampling = 10;

    /// <summary>The rows in <paramref name="dims"/> dimensions, as dense rows in CSR form so k-means can be reused.</summary>
    public static SparseRows Project(SparseRows x, int dims, int seed, int powerIterations = 2, double singularValuePower = 1)
    {
        int n = x.RowCount, v = x.ColumnCount;
        var l = Math.Min(dims + Oversampling, Math.Min(n, v));
        var random = new Random(seed);
        var omega = new float[v * l];
        for (var i = 0; i < omega.Length; i++)
            omega[i] = Gaussian(random);
        var y = new float[n * l];
        var z = new float[v * l];
        MulX(x, omega, l, y);
        Orthonormalize(y, n, l);
        for (var q = 0; q < powerIterations; q++)
        {
            // Only the n-side is re-orthonormalised: V can be many times n, and with two iterations the
            // unnormalised Xᵀ·Q step loses nothing that matters for the leading directions.
            MulXt(x, y, l, z);
            MulX(x, z, l, y);
            Orthonormalize(y, n, l);
        }
        // Bᵀ = Xᵀ Q; the eigen-decomposition of B Bᵀ = Zᵀ Z gives B's left singular vectors and σ².
        MulXt(x, y, l, z);
        var gram = new double[l * l];
        for (var f = 0; f < v; f++)
        {
            var row = z.AsSpan(f * l, l);
            for (var a = 0; a < l; a++)
            {
                var ra = (double)row[a];
                if (ra == 0)
                    continue;
                for (var b = a; b < l; b++)
                    gram[(a * l) + b] += ra * row[b];
            }
        }
        for (var a = 0; a < l; a++)
        {
            for (var b = 0; b < a; b++)
                gram[(a * l) + b] = gram[(b * l) + a];
        }
        var (values, vectors) = SymmetricEigen(gram, l);
        var order = Enumerable.Range(0, l).OrderByDescending(i => values[i]).Take(Math.Min(dims, l)).ToArray();
        var d = order.Length;
        var rowStart = new int[n + 1];
        var indices = new int[n * d];
        var result = new float[n * d];
        for (var i = 0; i < n; i++)
        {
            rowStart[i + 1] = (i + 1) * d;
            var qi = y.AsSpan(i * l, l);
            var norm = 0.0;
            for (var j = 0; j < d; j++)
            {
                var e = order[j];
                var s = 0.0;
                for (var a = 0; a < l; a++)
                    s += qi[a] * vectors[(a * l) + e];
                s *= Math.Pow(Math.Max(values[e], 0), singularValuePower / 2);
                indices[(i * d) + j] = j;
                result[(i * d) + j] = (float)s;
                norm += s * s;
            }
            if (norm > 0)
            {
                var scale = (float)(1 / Math.Sqrt(norm));
                for (var j = 0; j < d; j++)
                    result[(i * d) + j] *= scale;
            }
        }
        return new SparseRows(d, rowStart, indices, result);
    }

    /// <summary>y (n×l) = X · m (V×l), all row-major.</summary>
    private static void MulX(SparseRows x, float[] m, int l, float[] y)
    {
        Array.Clear(y);
        for (var i = 0; i < x.RowCount; i++)
        {
            var yi = y.AsSpan(i * l, l);
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                Axpy(x.Values[p], m.AsSpan(x.Indices[p] * l, l), yi);
        }
    }

    /// <summary>z (V×l) = Xᵀ · y (n×l), all row-major.</summary>
    private static void MulXt(SparseRows x, float[] y, int l, float[] z)
    {
        Array.Clear(z);
        for (var i = 0; i < x.RowCount; i++)
        {
            var yi = y.AsSpan(i * l, l);
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                Axpy(x.Values[p], yi, z.AsSpan(x.Indices[p] * l, l));
        }
    }

    /// <summary>
    /// Orthonormal columns by modified Gram–Schmidt, run twice ("twice is enough", Giraud et al. 2005) on a
    /// column-major copy so every operation is a contiguous vector op. Dependent columns become zero.
    /// </summary>
    private static void Orthonormalize(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
                t[(c * rows) + r] = m[(r * cols) + c];
        }
        for (var pass = 0; pass < 2; pass++)
        {
            for (var c = 0; c < cols; c++)
            {
                var col = t.AsSpan(c * rows, rows);
                var before = Dot(col, col);
                for (var prev = 0; prev < c; prev++)
                {
                    var p = t.AsSpan(prev * rows, rows);
                    Axpy(-(float)Dot(p, col), p, col);
                }
                var norm = Math.Sqrt(Dot(col, col));
                var scale = norm > 1e-6 * Math.Sqrt(before) && norm > 1e-20 ? (float)(1 / norm) : 0f;
                foreach (ref var e in col)
                    e *= scale;
            }
        }
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
                m[(r * cols) + c] = t[(c * rows) + r];
        }
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a small symmetric matrix; vectors are columns.</summary>
    private static (double[] Values, double[] Vectors) SymmetricEigen(double[] a, int n)
    {
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
            v[(i * n) + i] = 1;
        for (var sweep = 0; sweep < 60; sweep++)
        {
            var off = 0.0;
            var diag = 0.0;
            for (var p = 0; p < n; p++)
            {
                diag += a[(p * n) + p] * a[(p * n) + p];
                for (var q = p + 1; q < n; q++)
                    off += a[(p * n) + q] * a[(p * n) + q];
            }
            if (off <= 1e-22 * Math.Max(diag, 1e-300))
                break;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                        continue;
                    var theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
                    var tan = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                        tan = 1;
                    var cos = 1 / Math.Sqrt((tan * tan) + 1);
                    var sin = tan * cos;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[(k * n) + p];
                        var akq = a[(k * n) + q];
                        a[(k * n) + p] = (cos * akp) - (sin * akq);
                        a[(k * n) + q] = (sin * akp) + (cos * akq);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[(p * n) + k];
                        var aqk = a[(q * n) + k];
                        a[(p * n) + k] = (cos * apk) - (sin * aqk);
                        a[(q * n) + k] = (sin * apk) + (cos * aqk);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[(k * n) + p];
                        var vkq = v[(k * n) + q];
                        v[(k * n) + p] = (cos * vkp) - (sin * vkq);
                        v[(k * n) + q] = (sin * vkp) + (cos * vkq);
                    }
                }
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++)
            values[i] = a[(i * n) + i];
        return (values, v);
    }

    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(alpha);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(y[i..]) + (va * new Vector<float>(x[i..]))).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++)
            y[i] += alpha * x[i];
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var i = 0;
        var acc = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
                acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }
        double s = Vector.Sum(acc);
        for (; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    private static float Gaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u = 1.0 - random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }
}
