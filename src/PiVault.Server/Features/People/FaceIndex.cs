using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.People;

/// <summary>A face near another: its row, its person (if any) and the cosine distance (0 = same direction, 2 = opposite).</summary>
public sealed record FaceNeighbour(long Seq, string FaceId, string? PersonId, double Distance);

/// <summary>
/// The kNN index over face embeddings. Which faces are in it is the <see cref="VectorTable"/> <c>face_search</c>
/// (rowid = <c>asset_faces.seq</c>, partitioned by owner), made on first use with the recogniser's size; clustering adds
/// an asset's faces to it as it assigns them, and the nightly pass prunes the rows of deleted faces. Queries do not use
/// vec0's KNN (it reads every stored vector, ~2.5 µs each: 214 ms per face at 100k faces, a quadratic first pass): they
/// scan the owner's faces held in memory as int8 (<see cref="CompactVectors"/>, as smart search does) and re-score the
/// few candidates exactly from <c>asset_faces</c> (FaceIndex.Compact.cs). Every answer joins <c>asset_faces</c> and
/// <c>assets</c>, so a deleted face (or one in the trash) never comes back. Without sqlite-vec the same queries run as
/// an exact scan of the owner's embeddings in <c>asset_faces</c>: slower (every query reads them all) but the same answers.
/// </summary>
/// <param name="exactScan">Never use sqlite-vec (what a server without it does): for tests of that path.</param>
public sealed partial class FaceIndex(bool exactScan = false)
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
            Remember(db, face.OwnerId, face.Seq, blob);
        }
    }

    /// <summary>Makes the table for embeddings of this size (another size drops it, so every face is indexed again).</summary>
    public void Prepare(SqliteConnection db, int dimensions)
    {
        if (Indexed && Vectors.Ensure(db, dimensions))
        {
            _compact.Forget(db);
        }
    }

    /// <summary>Indexes every face of the owner that has an embedding and is not in the index; returns how many were added.</summary>
    public int AddMissing(SqliteConnection db, string ownerId)
    {
        if (!Indexed || !Vectors.Exists(db))
        {
            return 0;
        }
        var added = db.Execute(
            $"""
            INSERT INTO {Table} (rowid, owner_id, embedding)
            SELECT f.seq, f.owner_id, f.embedding FROM asset_faces f
            WHERE f.owner_id = $owner AND f.embedding IS NOT NULL AND length(f.embedding) = $bytes
              AND NOT EXISTS (SELECT 1 FROM {Table} s WHERE s.rowid = f.seq);
            """,
            ("$owner", ownerId), ("$bytes", Dimensions(db) * sizeof(float)));
        if (added > 0)
        {
            _compact.Forget(db); // read in again on the next query, with the added faces
        }
        return added;
    }

    /// <summary>Removes the rows of faces that no longer exist (deleted with their asset, re-detected, tagged away).</summary>
    public int PruneStale(SqliteConnection db)
    {
        if (!Indexed || !Vectors.Exists(db))
        {
            return 0;
        }
        var removed = db.Execute($"DELETE FROM {Table} WHERE rowid NOT IN (SELECT seq FROM asset_faces WHERE embedding IS NOT NULL);");
        if (removed > 0)
        {
            _compact.Forget(db);
        }
        return removed;
    }

    /// <summary>
    /// The owner's faces nearest to <paramref name="embedding"/> (itself included when it is indexed) within
    /// <paramref name="maxDistance"/>, nearest first, at most <paramref name="k"/>; faces on trashed photos are left out.
    /// </summary>
    public List<FaceNeighbour> Nearest(SqliteConnection db, string ownerId, byte[] embedding, int k, double maxDistance)
    {
        return InMemory(db, embedding)
            ? NearestInMemory(db, ownerId, embedding, Math.Min(k, MaxNeighbours), maxDistance)
            : Scan(db, ownerId, embedding, k, maxDistance);
    }

    /// <summary>
    /// The person of the owner's nearest face that has one <paramref name="allowed"/> keeps, within
    /// <paramref name="maxDistance"/> (among the nearest <see cref="MaxNeighbours"/>), or null: where a face goes when
    /// its closest neighbours have no person yet.
    /// </summary>
    public string? NearestPerson(SqliteConnection db, string ownerId, byte[] embedding, double maxDistance, Func<string, bool> allowed) => InMemory(db, embedding)
        ? NearestPersonInMemory(db, ownerId, embedding, maxDistance, allowed)
        : Scan(db, ownerId, embedding, MaxNeighbours, maxDistance).FirstOrDefault(n => n.PersonId is { } p && allowed(p))?.PersonId;

    private bool InMemory(SqliteConnection db, byte[] embedding) => Indexed && Vectors.Exists(db) && SameSize(db, embedding);

    /// <summary>The exact answer without sqlite-vec: every embedding of the owner's (same size), scored in process.</summary>
    private static List<FaceNeighbour> Scan(SqliteConnection db, string ownerId, byte[] embedding, int k, double maxDistance)
    {
        var target = MemoryMarshal.Cast<byte, float>(embedding).ToArray();
        var found = new List<FaceNeighbour>();
        // Columns as Scored reads them.
        using var command = db.Command(
            """
            SELECT f.seq, f.id, f.person_id, f.embedding FROM asset_faces f JOIN assets a ON a.id = f.asset_id
            WHERE f.owner_id = $owner AND f.embedding IS NOT NULL AND length(f.embedding) = $bytes AND a.deleted_at IS NULL;
            """,
            ("$owner", ownerId), ("$bytes", embedding.Length));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Scored(reader, target) is { } near && near.Distance <= maxDistance)
            {
                found.Add(near);
            }
        }
        return found.OrderBy(n => n.Distance).ThenBy(n => n.Seq).Take(k).ToList();
    }

    /// <summary>A row of <c>f.seq, f.id, f.person_id, f.embedding</c> with its exact cosine distance from <paramref name="target"/>.</summary>
    private static FaceNeighbour Scored(SqliteDataReader r, ReadOnlySpan<float> target) => new(
        r.GetInt64(0), r.GetString(1), r.GetNullableString(2), VectorTable.CosineDistance(target, MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(3))));

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
}
