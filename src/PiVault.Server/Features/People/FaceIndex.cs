using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.People;

/// <summary>A face near another: its row, its person (if any) and the cosine distance (0 = same direction, 2 = opposite).</summary>
public sealed record FaceNeighbour(long Seq, string FaceId, string? PersonId, double Distance);

/// <summary>
/// The kNN index over face embeddings: the <see cref="VectorTable"/> <c>face_search</c> (rowid = <c>asset_faces.seq</c>,
/// partitioned by owner), made on first use with the recogniser's size. Clustering adds an asset's faces to it as it
/// assigns them; every query joins <c>asset_faces</c> and <c>assets</c>, so a deleted face (or one in the trash) never
/// comes back, and the nightly pass prunes the rows of deleted faces. Without sqlite-vec the same queries run as an
/// exact scan of the owner's embeddings in <c>asset_faces</c>: slower (every query reads them all) but the same answers.
/// </summary>
/// <param name="exactScan">Never use sqlite-vec (what a server without it does): for tests of that path.</param>
public sealed class FaceIndex(bool exactScan = false)
{
    public const string Table = "face_search";

    /// <summary>vec0's largest k for one KNN query (SQLITE_VEC_VEC0_K_MAX).</summary>
    public const int MaxNeighbours = VectorTable.MaxNeighbours;

    // Another recogniser's size drops the table; the faces are indexed again from asset_faces (IndexMissing), nothing to clear.
    private static readonly VectorTable Vectors = new(Table, "", "SELECT 1;");

    /// <summary>Whether the queries use sqlite-vec (false: the exact scan).</summary>
    public bool Indexed => !exactScan && SqliteVec.Available;

    /// <summary>Adds the faces among <paramref name="faces"/> that have an embedding and are not in the index yet; call outside a transaction the first time (it may create the table).</summary>
    public void Add(SqliteConnection db, IEnumerable<FaceRecord> faces)
    {
        if (!Indexed)
        {
            return;
        }
        foreach (var face in faces)
        {
            if (face.Embedding is not { } blob || !Vectors.Exists(db) || Stored(db, face.Seq) || !SameSize(db, blob))
            {
                continue;
            }
            db.Execute($"INSERT INTO {Table} (rowid, owner_id, embedding) VALUES ($seq, $owner, $embedding);",
                ("$seq", face.Seq), ("$owner", face.OwnerId), ("$embedding", blob));
        }
    }

    /// <summary>Makes the table for embeddings of this size (another size drops it, so every face is indexed again).</summary>
    public void Prepare(SqliteConnection db, int dimensions)
    {
        if (Indexed)
        {
            Vectors.Ensure(db, dimensions);
        }
    }

    /// <summary>Indexes every face of the owner that has an embedding and is not in the index; returns how many were added.</summary>
    public int AddMissing(SqliteConnection db, string ownerId)
    {
        if (!Indexed || !Vectors.Exists(db))
        {
            return 0;
        }
        return db.Execute(
            $"""
            INSERT INTO {Table} (rowid, owner_id, embedding)
            SELECT f.seq, f.owner_id, f.embedding FROM asset_faces f
            WHERE f.owner_id = $owner AND f.embedding IS NOT NULL AND length(f.embedding) = $bytes
              AND NOT EXISTS (SELECT 1 FROM {Table} s WHERE s.rowid = f.seq);
            """,
            ("$owner", ownerId), ("$bytes", Dimensions(db) * sizeof(float)));
    }

    /// <summary>Removes the rows of faces that no longer exist (deleted with their asset, re-detected, tagged away).</summary>
    public int PruneStale(SqliteConnection db) => Indexed && Vectors.Exists(db)
        ? db.Execute($"DELETE FROM {Table} WHERE rowid NOT IN (SELECT seq FROM asset_faces WHERE embedding IS NOT NULL);")
        : 0;

    /// <summary>
    /// The owner's faces nearest to <paramref name="embedding"/> (itself included when it is indexed) within
    /// <paramref name="maxDistance"/>, nearest first, at most <paramref name="k"/>; faces on trashed photos are left out.
    /// </summary>
    public List<FaceNeighbour> Nearest(SqliteConnection db, string ownerId, byte[] embedding, int k, double maxDistance)
    {
        if (Indexed && Vectors.Exists(db) && SameSize(db, embedding))
        {
            return db.Query(
                $"""
                WITH nearest AS (SELECT rowid AS seq, distance FROM {Table} WHERE embedding MATCH $vector AND k = $k AND owner_id = $owner)
                SELECT f.seq, f.id, f.person_id, nearest.distance FROM nearest
                JOIN asset_faces f ON f.seq = nearest.seq JOIN assets a ON a.id = f.asset_id
                WHERE nearest.distance <= $max AND f.owner_id = $owner AND a.deleted_at IS NULL
                ORDER BY nearest.distance, f.seq;
                """,
                ReadNeighbour, ("$vector", embedding), ("$k", Math.Min(k, MaxNeighbours)), ("$owner", ownerId), ("$max", maxDistance));
        }
        return Scan(db, ownerId, embedding, k, maxDistance);
    }

    /// <summary>The exact answer without sqlite-vec: every embedding of the owner's (same size), scored in process.</summary>
    private static List<FaceNeighbour> Scan(SqliteConnection db, string ownerId, byte[] embedding, int k, double maxDistance)
    {
        var target = MemoryMarshal.Cast<byte, float>(embedding).ToArray();
        var found = new List<FaceNeighbour>();
        using var command = db.Command(
            """
            SELECT f.seq, f.id, f.person_id, f.embedding FROM asset_faces f JOIN assets a ON a.id = f.asset_id
            WHERE f.owner_id = $owner AND f.embedding IS NOT NULL AND length(f.embedding) = $bytes AND a.deleted_at IS NULL;
            """,
            ("$owner", ownerId), ("$bytes", embedding.Length));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var other = MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(3));
            var distance = VectorTable.CosineDistance(target, other);
            if (distance <= maxDistance)
            {
                found.Add(new FaceNeighbour(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2), distance));
            }
        }
        return found.OrderBy(n => n.Distance).ThenBy(n => n.Seq).Take(k).ToList();
    }

    private static bool Stored(SqliteConnection db, long seq) =>
        db.Scalar<long>($"SELECT count(*) FROM {Table} WHERE rowid = $seq;", ("$seq", seq)) > 0;

    private static bool SameSize(SqliteConnection db, byte[] blob) => blob.Length == Dimensions(db) * sizeof(float);

    /// <summary>The size the table was made for (0 when it does not exist).</summary>
    private static int Dimensions(SqliteConnection db)
    {
        var declared = db.Scalar<string>("SELECT sql FROM sqlite_master WHERE name = $name;", ("$name", Table)) ?? "";
        var start = declared.IndexOf("float[", StringComparison.Ordinal);
        return start < 0 ? 0 : int.Parse(declared[(start + 6)..declared.IndexOf(']', start)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static FaceNeighbour ReadNeighbour(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetNullableString(2), r.GetDouble(3));
}
