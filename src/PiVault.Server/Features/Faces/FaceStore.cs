using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Ml.Faces;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Faces;

/// <summary>
/// The machine-learning rows of <c>asset_faces</c> for one asset, replaced the way Immich's face detection does: an
/// existing face whose box overlaps a new detection by more than <see cref="SameFaceIoU"/> keeps its id and person
/// (its box, score, embedding and model are refreshed, and only when they changed, so a re-run sends no sync
/// changes); faces no longer found are deleted; new ones are inserted without a person. Faces tagged by hand
/// (<c>source = 'manual'</c>) are never touched. Boxes are whole preview pixels.
/// </summary>
public sealed class FaceStore
{
    public const string MachineLearning = "machine-learning";

    /// <summary>Immich keeps a face across re-runs when the boxes overlap by more than this.</summary>
    public const float SameFaceIoU = 0.5f;

    /// <summary>Within this, a re-run's score or embedding counts as the same (inference is not bit-exact across thread counts).</summary>
    private const float Unchanged = 1e-4f;

    public FaceChanges Replace(SqliteConnection db, string assetId, string ownerId, int imageWidth, int imageHeight,
        IReadOnlyList<RecognisedFace> found, string model, DateTimeOffset now)
    {
        var existing = db.Query(
            "SELECT seq, x1, y1, x2, y2, image_width, image_height, score, embedding, model FROM asset_faces " +
            "WHERE asset_id = $asset AND source = 'machine-learning';",
            r => new StoredFace(r.GetInt64(0), new FaceBox(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)), r.GetInt32(5), r.GetInt32(6),
                (float)r.GetDouble(7), r.IsDBNull(8) ? [] : MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(8)).ToArray(), r.IsDBNull(9) ? null : r.GetString(9)),
            ("$asset", assetId));
        var changes = new FaceChanges();
        foreach (var face in found.OrderByDescending(f => f.Face.Score))
        {
            var box = Pixels(face.Face.Box, imageWidth, imageHeight);
            var match = existing
                .Select(e => (Stored: e, IoU: Scaled(e, imageWidth, imageHeight).IoU(box)))
                .Where(m => m.IoU > SameFaceIoU)
                .OrderByDescending(m => m.IoU)
                .Select(m => m.Stored)
                .FirstOrDefault();
            if (match is null)
            {
                Insert(db, assetId, ownerId, imageWidth, imageHeight, box, face, model, now);
                changes.Inserted++;
                continue;
            }
            existing.Remove(match);
            if (!Same(match, box, imageWidth, imageHeight, face, model))
            {
                Update(db, match.Seq, imageWidth, imageHeight, box, face, model, now);
                changes.Updated++;
            }
            changes.Kept++;
        }
        foreach (var gone in existing)
        {
            db.Execute("DELETE FROM asset_faces WHERE seq = $seq;", ("$seq", gone.Seq));
            changes.Deleted++;
        }
        return changes;
    }

    private static void Insert(SqliteConnection db, string assetId, string ownerId, int width, int height, FaceBox box, RecognisedFace face, string model, DateTimeOffset now) =>
        db.Execute(
            "INSERT INTO asset_faces (id, asset_id, owner_id, person_id, image_width, image_height, x1, y1, x2, y2, score, source, embedding, model, created_at, updated_at) " +
            "VALUES ($id, $asset, $owner, NULL, $w, $h, $x1, $y1, $x2, $y2, $score, 'machine-learning', $embedding, $model, $now, $now);",
            ("$id", Guid.CreateVersion7(now).ToString()), ("$asset", assetId), ("$owner", ownerId), ("$w", width), ("$h", height),
            ("$x1", (int)box.X1), ("$y1", (int)box.Y1), ("$x2", (int)box.X2), ("$y2", (int)box.Y2), ("$score", (double)face.Face.Score),
            ("$embedding", EmbeddingIndex.Blob(face.Embedding)), ("$model", model), ("$now", now.ToDb()));

    private static void Update(SqliteConnection db, long seq, int width, int height, FaceBox box, RecognisedFace face, string model, DateTimeOffset now) =>
        db.Execute(
            "UPDATE asset_faces SET image_width = $w, image_height = $h, x1 = $x1, y1 = $y1, x2 = $x2, y2 = $y2, score = $score, " +
            "embedding = $embedding, model = $model, updated_at = $now WHERE seq = $seq;",
            ("$seq", seq), ("$w", width), ("$h", height), ("$x1", (int)box.X1), ("$y1", (int)box.Y1), ("$x2", (int)box.X2), ("$y2", (int)box.Y2),
            ("$score", (double)face.Face.Score), ("$embedding", EmbeddingIndex.Blob(face.Embedding)), ("$model", model), ("$now", now.ToDb()));

    /// <summary>The box in whole pixels, inside the picture.</summary>
    private static FaceBox Pixels(FaceBox box, int width, int height) =>
        new(Math.Clamp(MathF.Round(box.X1), 0, width), Math.Clamp(MathF.Round(box.Y1), 0, height),
            Math.Clamp(MathF.Round(box.X2), 0, width), Math.Clamp(MathF.Round(box.Y2), 0, height));

    /// <summary>A stored box in the pixels of a preview of another size (the preview was remade larger or smaller).</summary>
    private static FaceBox Scaled(StoredFace face, int width, int height)
    {
        var (sx, sy) = ((float)width / face.ImageWidth, (float)height / face.ImageHeight);
        return new FaceBox(face.Box.X1 * sx, face.Box.Y1 * sy, face.Box.X2 * sx, face.Box.Y2 * sy);
    }

    private static bool Same(StoredFace stored, FaceBox box, int width, int height, RecognisedFace face, string model) =>
        stored.Box == box && stored.ImageWidth == width && stored.ImageHeight == height && stored.Model == model
        && Math.Abs(stored.Score - face.Face.Score) < Unchanged && stored.Embedding.Length == face.Embedding.Length
        && stored.Embedding.Zip(face.Embedding).All(p => Math.Abs(p.First - p.Second) < Unchanged);

    private sealed record StoredFace(long Seq, FaceBox Box, int ImageWidth, int ImageHeight, float Score, float[] Embedding, string? Model);
}

/// <summary>What one run of the face step did to an asset's machine-learning faces.</summary>
public sealed class FaceChanges
{
    public int Inserted { get; set; }

    public int Kept { get; set; }

    public int Updated { get; set; }

    public int Deleted { get; set; }
}
