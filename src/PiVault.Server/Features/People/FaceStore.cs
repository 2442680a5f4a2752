using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.People;

/// <summary>
/// A row of <c>asset_faces</c>: the box in pixels of the preview it was found on (<see cref="ImageWidth"/> ×
/// <see cref="ImageHeight"/>), the recogniser's L2-normalised embedding (null for a face tagged by hand) and the person
/// it belongs to, if any.
/// </summary>
public sealed record FaceRecord(
    long Seq, string Id, string AssetId, string OwnerId, string? PersonId, int ImageWidth, int ImageHeight, int X1, int Y1, int X2, int Y2,
    double Score, string Source, byte[]? Embedding, string? Model, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long UpdateSeq)
{
    public const string MachineLearning = "machine-learning";
    public const string Manual = "manual";
}

/// <summary>The <c>asset_faces</c> table (migration 0019). The face step of the ML half writes the machine faces; this store assigns them.</summary>
public sealed class FaceStore
{
    private const string Columns =
        "f.seq, f.id, f.asset_id, f.owner_id, f.person_id, f.image_width, f.image_height, f.x1, f.y1, f.x2, f.y2, f.score, f.source, f.embedding, " +
        "f.model, f.created_at, f.updated_at, f.update_seq";

    /// <summary>Inserts a face; returns its <c>seq</c> (the rowid of its vector in <c>face_search</c>).</summary>
    public long Insert(SqliteConnection db, FaceRecord f) => db.Scalar<long>(
        """
        INSERT INTO asset_faces (id, asset_id, owner_id, person_id, image_width, image_height, x1, y1, x2, y2, score, source, embedding, model, created_at, updated_at)
        VALUES ($id, $asset, $owner, $person, $w, $h, $x1, $y1, $x2, $y2, $score, $source, $embedding, $model, $now, $now)
        RETURNING seq;
        """,
        ("$id", f.Id), ("$asset", f.AssetId), ("$owner", f.OwnerId), ("$person", f.PersonId), ("$w", f.ImageWidth), ("$h", f.ImageHeight),
        ("$x1", f.X1), ("$y1", f.Y1), ("$x2", f.X2), ("$y2", f.Y2), ("$score", f.Score), ("$source", f.Source), ("$embedding", f.Embedding),
        ("$model", f.Model), ("$now", f.CreatedAt.ToDb()));

    public FaceRecord? Find(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM asset_faces f WHERE f.id = $id AND f.owner_id = $owner;", Read, ("$id", id), ("$owner", ownerId));

    /// <summary>An asset's faces, in the order they were found.</summary>
    public List<FaceRecord> OfAsset(SqliteConnection db, string assetId) =>
        db.Query($"SELECT {Columns} FROM asset_faces f WHERE f.asset_id = $asset ORDER BY f.seq;", Read, ("$asset", assetId));

    /// <summary>The owner's machine faces without a person, oldest first, after <paramref name="afterSeq"/> (a page of them).</summary>
    public List<FaceRecord> Unassigned(SqliteConnection db, string ownerId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {Columns} FROM asset_faces f
        WHERE f.owner_id = $owner AND f.person_id IS NULL AND f.embedding IS NOT NULL AND f.source = 'machine-learning' AND f.seq > $after
        ORDER BY f.seq LIMIT $limit;
        """,
        Read, ("$owner", ownerId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>How many of the owner's machine faces have no person.</summary>
    public long CountUnassigned(SqliteConnection db, string ownerId) => db.Scalar<long>(
        "SELECT count(*) FROM asset_faces WHERE owner_id = $owner AND person_id IS NULL AND embedding IS NOT NULL AND source = 'machine-learning';",
        ("$owner", ownerId));

    /// <summary>Puts a face with a person (or with none) and marks it changed for the sync stream.</summary>
    public void Assign(SqliteConnection db, string faceId, string? personId, DateTimeOffset now) => db.Execute(
        "UPDATE asset_faces SET person_id = $person, updated_at = $now WHERE id = $id;", ("$id", faceId), ("$person", personId), ("$now", now.ToDb()));

    /// <summary>Moves every face of <paramref name="fromPersonId"/> to <paramref name="toPersonId"/>; returns how many moved.</summary>
    public int MoveAll(SqliteConnection db, string fromPersonId, string toPersonId, DateTimeOffset now) => db.Execute(
        "UPDATE asset_faces SET person_id = $to, updated_at = $now WHERE person_id = $from;", ("$from", fromPersonId), ("$to", toPersonId), ("$now", now.ToDb()));

    /// <summary>Takes every machine face away from the owner's unnamed people (the start of a full re-cluster); hand-tagged faces stay.</summary>
    public int UnassignUnnamed(SqliteConnection db, string ownerId, DateTimeOffset now) => db.Execute(
        """
        UPDATE asset_faces SET person_id = NULL, updated_at = $now
        WHERE owner_id = $owner AND source = 'machine-learning'
          AND person_id IN (SELECT id FROM people WHERE owner_id = $owner AND name = '');
        """,
        ("$owner", ownerId), ("$now", now.ToDb()));

    /// <summary>
    /// Takes the owner's machine faces away from people born after the day (UTC) their photo was taken (a birthday set
    /// after clustering): <c>PersonEdit.BornBy</c> as SQL, for the re-cluster. Returns how many faces it freed.
    /// </summary>
    public int UnassignBeforeBirth(SqliteConnection db, string ownerId, DateTimeOffset now) => db.Execute(
        """
        UPDATE asset_faces SET person_id = NULL, updated_at = $now
        WHERE seq IN (
            SELECT f.seq FROM asset_faces f JOIN people p ON p.id = f.person_id JOIN assets a ON a.id = f.asset_id
            WHERE f.owner_id = $owner AND f.source = 'machine-learning' AND p.birth_date IS NOT NULL
              AND p.birth_date > strftime('%Y-%m-%d', a.taken_at / 1000, 'unixepoch'));
        """,
        ("$owner", ownerId), ("$now", now.ToDb()));

    public void Delete(SqliteConnection db, string id) => db.Execute("DELETE FROM asset_faces WHERE id = $id;", ("$id", id));

    /// <summary>The faces of a person on photos not in the trash, newest photo first (a page of them).</summary>
    public List<FaceRecord> OfPerson(SqliteConnection db, string personId, int limit) => db.Query(
        $"""
        SELECT {Columns} FROM asset_faces f JOIN assets a ON a.id = f.asset_id
        WHERE f.person_id = $person AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql} ORDER BY a.taken_at DESC, f.seq LIMIT $limit;
        """,
        Read, ("$person", personId), ("$limit", limit));

    internal static FaceRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullableString(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
        r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetDouble(11), r.GetString(12), r.IsDBNull(13) ? null : (byte[])r.GetValue(13),
        r.GetNullableString(14), r.GetTime(15), r.GetTime(16), r.GetInt64(17));

    /// <summary>
    /// Each of the owner's people's embedding centroid (the L2-normalised mean of up to <paramref name="perPerson"/> of
    /// their best-scored machine faces), for telling which people look alike. Faces of another dimension than the
    /// first read (a recogniser changed midway) are left out.
    /// </summary>
    public Dictionary<string, float[]> Centroids(SqliteConnection db, string ownerId, int perPerson)
    {
        using var command = db.Command(
            """
            SELECT person_id, embedding FROM (
                SELECT f.person_id, f.embedding, row_number() OVER (PARTITION BY f.person_id ORDER BY f.score DESC, f.seq) AS n
                FROM asset_faces f WHERE f.owner_id = $owner AND f.person_id IS NOT NULL AND f.embedding IS NOT NULL)
            WHERE n <= $per;
            """, ("$owner", ownerId), ("$per", perPerson));
        using var reader = command.ExecuteReader();
        var sums = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var dimensions = 0;
        while (reader.Read())
        {
            var embedding = MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1));
            dimensions = dimensions == 0 ? embedding.Length : dimensions;
            if (embedding.Length != dimensions)
            {
                continue;
            }
            var personId = reader.GetString(0);
            if (!sums.TryGetValue(personId, out var sum))
            {
                sums[personId] = sum = new float[dimensions];
            }
            for (var i = 0; i < dimensions; i++)
            {
                sum[i] += embedding[i];
            }
        }
        foreach (var sum in sums.Values)
        {
            var norm = MathF.Sqrt(sum.Sum(v => v * v));
            for (var i = 0; norm > 0 && i < sum.Length; i++)
            {
                sum[i] /= norm;
            }
        }
        return sums;
    }
}
