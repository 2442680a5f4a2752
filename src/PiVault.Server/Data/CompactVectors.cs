using System.Runtime.Intrinsics;

namespace PiVault.Server.Data;

/// <summary>
/// One owner's embeddings held in memory in a compact form for <see cref="EmbeddingIndex"/>'s coarse pass: each vector
/// quantised to int8 with its own scale (512 B + a float per 512-d vector instead of vec0's 2 KB), scanned with SIMD
/// int8 dot products. Its ranking is approximate (the quantisation error is well under the gaps between neighbours);
/// the index re-scores the top candidates with the stored float vectors. Thread-safe: writes and scans take the lock.
/// </summary>
public sealed class CompactVectors(int dimensions)
{
    private readonly Lock _gate = new();
    private readonly Lock _loading = new();
    private bool _loaded;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private sbyte[] _codes = new sbyte[dimensions * 64];
    private float[] _scales = new float[64];
    private string[] _ids = new string[64];
    private int _count;

    public int Dimensions => dimensions;

    /// <summary>Runs <paramref name="load"/> (which reads the stored vectors in, keeping existing entries) once.</summary>
    public void LoadOnce(Action load)
    {
        lock (_loading)
        {
            if (!_loaded)
            {
                load();
                _loaded = true;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Bytes held per vector (the codes and the scale; the asset id's string comes on top).</summary>
    public int BytesPerVector => dimensions + sizeof(float);

    /// <summary>Makes room for <paramref name="count"/> vectors in all (before reading many in: growth by doubling would leave up to half unused).</summary>
    public void Reserve(int count)
    {
        lock (_gate)
        {
            if (count > _ids.Length)
            {
                Array.Resize(ref _ids, count);
                Array.Resize(ref _scales, count);
                Array.Resize(ref _codes, count * dimensions);
            }
        }
    }

    /// <summary>Adds or replaces an asset's vector; <paramref name="keepExisting"/> leaves one already there (a newer write).</summary>
    public void Upsert(string assetId, ReadOnlySpan<float> vector, bool keepExisting = false)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(assetId, out var slot))
            {
                if (!keepExisting)
                {
                    _scales[slot] = Quantise(vector, _codes.AsSpan(slot * dimensions, dimensions));
                }
                return;
            }
            if (_count == _ids.Length)
            {
                var grown = _count + Math.Max(64, _count / 8);
                Array.Resize(ref _ids, grown);
                Array.Resize(ref _scales, grown);
                Array.Resize(ref _codes, grown * dimensions);
            }
            _scales[_count] = Quantise(vector, _codes.AsSpan(_count * dimensions, dimensions));
            _ids[_count] = assetId;
            _slots[assetId] = _count++;
        }
    }

    /// <summary>
    /// The <paramref name="count"/> vectors nearest to <paramref name="query"/> by the int8 dot product, nearest first,
    /// with their approximate cosine distance (within ~0.001 of the exact one for unit vectors); only those
    /// <paramref name="allowed"/> keeps when it is given, and only those within <paramref name="maxDistance"/> (approximate).
    /// </summary>
    public List<(string Id, float Distance)> Closest(ReadOnlySpan<float> query, int count, Func<string, bool>? allowed = null, float maxDistance = float.PositiveInfinity)
    {
        var q = new sbyte[dimensions];
        var queryScale = Quantise(query, q);
        var least = float.IsPositiveInfinity(maxDistance) ? float.NegativeInfinity : (1 - maxDistance) / queryScale;
        var best = new PriorityQueue<int, float>(count + 1);
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                var score = Dot(q, _codes.AsSpan(i * dimensions, dimensions)) * _scales[i];
                if (score < least)
                {
                    continue;
                }
                if (best.Count == count && (count == 0 || best.TryPeek(out _, out var worst) && score <= worst))
                {
                    continue;
                }
                if (allowed is not null && !allowed(_ids[i]))
                {
                    continue;
                }
                best.Enqueue(i, score);
                if (best.Count > count)
                {
                    best.Dequeue();
                }
            }
            var ranked = new List<(string, float)>(best.Count);
            while (best.TryDequeue(out var slot, out var score))
            {
                ranked.Add((_ids[slot], 1 - score * queryScale));
            }
            ranked.Reverse();
            return ranked;
        }
    }

    /// <summary>Writes the vector's int8 codes (the largest component maps to ±127) and returns the scale back to floats.</summary>
    private static float Quantise(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = 0f;
        foreach (var v in vector)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }
        var scale = largest > 0 ? largest / 127f : 1f;
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }
        return scale;
    }

    /// <summary>The int8 dot product: 256-bit SIMD where the CPU has it (x64), 128-bit otherwise (NEON on the Pi).</summary>
    internal static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var total = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sum = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(i, Vector256<sbyte>.Count)));
                var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(i, Vector256<sbyte>.Count)));
                var (p0, p1) = Vector256.Widen(aLow * bLow);
                var (p2, p3) = Vector256.Widen(aHigh * bHigh);
                sum += p0 + p1 + p2 + p3;
            }
            total = Vector256.Sum(sum);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var sum = Vector128<int>.Zero;
            for (; i <= a.Length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.Create(a.Slice(i, Vector128<sbyte>.Count)));
                var (bLow, bHigh) = Vector128.Widen(Vector128.Create(b.Slice(i, Vector128<sbyte>.Count)));
                var (p0, p1) = Vector128.Widen(aLow * bLow);
                var (p2, p3) = Vector128.Widen(aHigh * bHigh);
                sum += p0 + p1 + p2 + p3;
            }
            total = Vector128.Sum(sum);
        }
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }
}
