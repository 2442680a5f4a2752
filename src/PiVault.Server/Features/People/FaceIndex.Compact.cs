using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.People;

/// <summary>
/// The face index's queries on the in-memory copy: each owner's indexed faces as int8 (<see cref="CompactVectors"/>,
/// 516 B a face instead of vec0's 2 KB read from SQLite per query), read in from <c>asset_faces</c> on the owner's first
/// query and kept up to date by <see cref="Add"/>; anything that removes or re-adds rows behind it drops the copy, which
/// is read in again on the next query. The int8 scan only picks candidates: they are re-scored with the stored floats
/// (the same distance the exact scan computes), so answers are the exact ones unless the int8 error (~0.001) reorders
/// faces at the edge of the candidate list, which <see cref="Slack"/> and <see cref="Margin"/> leave room for.
/// </summary>
public sealed partial class FaceIndex
{
    /// <summary>How far past the distance limit the int8 distance may fall and still be re-scored (its error is ~0.001).</summary>
    private const float Margin = 0.01f;

    /// <summary>Candidates beyond k that are re-scored: room for faces the re-score drops (deleted, in the trash) and for int8 reordering.</summary>
    private const int Slack = 16;

    /// <summary>How many candidates <see cref="NearestPersonInMemory"/> re-scores first (then four times as many, and so on).</summary>
    private const int FirstLook = 16;

    private readonly CompactVectorCache _compact = new();

    private List<FaceNeighbour> NearestInMemory(SqliteConnection db, string ownerId, byte[] embedding, int k, double maxDistance)
    {
        var candidates = Loaded(db, ownerId).Closest(Floats(embedding), k + Slack, maxDistance: (float)maxDistance + Margin);
        return Rescored(db, ownerId, embedding, candidates, maxDistance).Take(k).ToList();
    }

    /// <summary>
    /// One int8 scan for the nearest <see cref="MaxNeighbours"/> candidates, then re-scores them nearest first in growing
    /// batches until a face with an allowed person is found and no unread candidate can be nearer than it.
    /// </summary>
    private string? NearestPersonInMemory(SqliteConnection db, string ownerId, byte[] embedding, double maxDistance, Func<string, bool> allowed)
    {
        var candidates = Loaded(db, ownerId).Closest(Floats(embedding), MaxNeighbours, maxDistance: (float)maxDistance + Margin);
        FaceNeighbour? best = null;
        for (int start = 0, size = FirstLook; start < candidates.Count; start += size, size *= 4)
        {
            if (best is not null && candidates[start].Distance > best.Distance + Margin)
            {
                break;
            }
            var batchBest = Rescored(db, ownerId, embedding, candidates.Skip(start).Take(size), maxDistance).FirstOrDefault(n => n.PersonId is { } p && allowed(p));
            if (batchBest is not null && (best is null || (batchBest.Distance, batchBest.Seq).CompareTo((best.Distance, best.Seq)) < 0))
            {
                best = batchBest;
            }
        }
        return best?.PersonId;
    }

    /// <summary>
    /// The candidates that still exist on the owner's photos outside the trash, with their exact distance, within the
    /// limit, nearest first. CROSS JOIN keeps the candidates the outer loop (a row look-up by seq each): left to itself
    /// SQLite walks every face of the owner by its owner index and reads each 2 KB embedding, as slow as vec0's scan.
    /// </summary>
    private static List<FaceNeighbour> Rescored(SqliteConnection db, string ownerId, byte[] embedding, IEnumerable<(string Id, float Distance)> candidates, double maxDistance)
    {
        var target = Floats(embedding);
        var seqs = "[" + string.Join(',', candidates.Select(c => c.Id)) + "]"; // the ids are asset_faces.seq numbers
        return db.Query(
            """
            SELECT f.seq, f.id, f.person_id, f.embedding FROM json_each($candidates) c
            CROSS JOIN asset_faces f ON f.seq = c.value JOIN assets a ON a.id = f.asset_id
            WHERE f.owner_id = $owner AND length(f.embedding) = $bytes AND a.deleted_at IS NULL;
            """,
            r => Scored(r, target), ("$candidates", seqs), ("$owner", ownerId), ("$bytes", embedding.Length))
            .Where(n => n.Distance <= maxDistance).OrderBy(n => n.Distance).ThenBy(n => n.Seq).ToList();
    }

    /// <summary>The owner's copy, read in from the indexed faces' stored embeddings the first time (faces added meanwhile stay).</summary>
    private CompactVectors Loaded(SqliteConnection db, string ownerId)
    {
        var dimensions = Dimensions(db);
        var compact = _compact.Of(db, ownerId, dimensions);
        compact.LoadOnce(() =>
        {
            const string IndexedFaces = $"FROM {Table}_rowids r JOIN asset_faces f ON f.seq = r.rowid WHERE f.owner_id = $owner AND length(f.embedding) = $bytes";
            var parameters = new (string, object?)[] { ("$owner", ownerId), ("$bytes", dimensions * sizeof(float)) };
            compact.Reserve(compact.Count + (int)db.Scalar<long>($"SELECT count(*) {IndexedFaces};", parameters) + 64);
            using var command = db.Command($"SELECT f.seq, f.embedding {IndexedFaces};", parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                compact.Upsert(Key(reader.GetInt64(0)), MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1)), keepExisting: true);
            }
        });
        return compact;
    }

    /// <summary>A face just added to <c>face_search</c> joins the owner's copy.</summary>
    private void Remember(SqliteConnection db, string ownerId, long seq, byte[] embedding) =>
        _compact.Of(db, ownerId, embedding.Length / sizeof(float)).Upsert(Key(seq), MemoryMarshal.Cast<byte, float>(embedding));

    private static string Key(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    private static float[] Floats(byte[] embedding) => MemoryMarshal.Cast<byte, float>(embedding).ToArray();
}
