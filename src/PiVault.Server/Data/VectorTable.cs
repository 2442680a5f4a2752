using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// One sqlite-vec <c>vec0</c> table of float32 vectors, cosine distance, partitioned by owner so a KNN query reads only
/// the caller's vectors: <c>smart_search</c> (CLIP, <see cref="EmbeddingIndex"/>) and <c>face_search</c> (faces). The
/// table is made on first use with the size of the vectors it is given; vectors of another size (another model) drop it
/// and run <paramref name="onResize"/>, which clears whatever marks rows as indexed so they are indexed again.
/// </summary>
/// <param name="Name">The table's name.</param>
/// <param name="keyColumn">The key column's declaration with a trailing comma (e.g. <c>"asset_id TEXT PRIMARY KEY, "</c>), or empty for vec0's integer rowid.</param>
/// <param name="onResize">SQL run in the same transaction when the table is dropped for vectors of another size.</param>
public sealed class VectorTable(string name, string keyColumn, string onResize)
{
    /// <summary>vec0's largest k for one KNN query (SQLITE_VEC_VEC0_K_MAX).</summary>
    public const int MaxNeighbours = 4096;

    public string Name { get; } = name;

    /// <summary>Makes the table for <paramref name="dimensions"/>-d vectors if it is missing or of another size; true when it did.</summary>
    public bool Ensure(SqliteConnection db, int dimensions)
    {
        var declared = db.Scalar<string>("SELECT sql FROM sqlite_master WHERE name = $name;", ("$name", Name));
        var wanted = $"float[{dimensions}]";
        if (declared is not null && declared.Contains(wanted, StringComparison.Ordinal))
        {
            return false;
        }
        using var transaction = db.BeginTransaction();
        if (declared is not null)
        {
            db.Execute($"DROP TABLE {Name};");
            db.Execute(onResize);
        }
        db.Execute($"CREATE VIRTUAL TABLE {Name} USING vec0({keyColumn}owner_id TEXT PARTITION KEY, embedding {wanted} distance_metric=cosine);");
        transaction.Commit();
        return true;
    }

    /// <summary>Whether the table exists (it does once anything was indexed).</summary>
    public bool Exists(SqliteConnection db) =>
        db.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = $name;", ("$name", Name)) > 0;

    /// <summary>The vector as vec0 takes it (and <c>asset_faces.embedding</c> stores it): little-endian float32s.</summary>
    public static byte[] Blob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    /// <summary>
    /// vec0's cosine distance (1 − cosine similarity) of two vectors of one size, computed in process: the exact scan
    /// queries fall back to when sqlite-vec is missing.
    /// </summary>
    public static double CosineDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = System.Numerics.Vector<float>.Count;
        System.Numerics.Vector<float> dot = default, aa = default, bb = default;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            var x = new System.Numerics.Vector<float>(a[i..]);
            var y = new System.Numerics.Vector<float>(b[i..]);
            dot += x * y;
            aa += x * x;
            bb += y * y;
        }
        double d = System.Numerics.Vector.Sum(dot), na = System.Numerics.Vector.Sum(aa), nb = System.Numerics.Vector.Sum(bb);
        for (; i < a.Length; i++)
        {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 1.0 : 1.0 - (d / Math.Sqrt(na * nb));
    }

    /// <summary>The vector a <see cref="Blob"/> holds.</summary>
    public static float[] Vector(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();
}
