using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Stacks;

/// <summary>
/// Stacks the metadata step makes by itself (docs/stacks.md): a burst (same capture second and same camera make and model;
/// the readers know no burst id) and a RAW+JPEG pair (same base file name and capture second), with a JPEG (any non-RAW)
/// as the cover. It runs inside the metadata step's transaction, and only the first time an asset's metadata is read, so
/// a photo the user took out of a stack stays out when the step runs again.
/// </summary>
public sealed class AutomaticStacks(StackStore stacks, TimeProvider time)
{
    private sealed record Candidate(string Id, string FileName, string MimeType, long TakenAt, string? Make, string? Model, string? StackId);

    /// <summary>Stacks <paramref name="assetId"/> with its burst or RAW/JPEG partners; returns the stack it joined, or null.</summary>
    public string? Stack(SqliteConnection db, string assetId)
    {
        var all = SameSecond(db, assetId);
        var self = all.Find(c => c.Id == assetId);
        if (self is null)
        {
            return null;
        }
        var group = all.Where(c => c.Id == assetId || BelongTogether(self, c)).ToList();
        if (group.Count < 2)
        {
            return null;
        }
        var existing = group.Select(c => c.StackId).FirstOrDefault(s => s is not null);
        var free = group.Where(c => c.StackId is null).ToList();
        if (existing is not null)
        {
            free.ForEach(c => stacks.Join(db, existing, c.Id));
            return existing;
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var cover = group.OrderBy(c => IsRaw(c.MimeType)).ThenBy(c => c.TakenAt).ThenBy(c => c.FileName, StringComparer.Ordinal).First();
        var ownerId = db.Scalar<string>("SELECT owner_id FROM assets WHERE id = $id;", ("$id", assetId))!;
        stacks.Insert(db, new StackRecord(id, ownerId, cover.Id, true, now, now, 0), group.Select(c => c.Id));
        return id;
    }

    public static bool IsRaw(string mimeType) => mimeType.StartsWith("image/x-", StringComparison.OrdinalIgnoreCase);

    private static bool BelongTogether(Candidate a, Candidate b) =>
        (a.Make is not null && a.Model is not null && a.Make == b.Make && a.Model == b.Model)
        || (IsRaw(a.MimeType) != IsRaw(b.MimeType)
            && string.Equals(Path.GetFileNameWithoutExtension(a.FileName), Path.GetFileNameWithoutExtension(b.FileName), StringComparison.OrdinalIgnoreCase));

    /// <summary>The owner's listed, untrashed photos captured in the same second as the asset (the asset itself included).</summary>
    private static List<Candidate> SameSecond(SqliteConnection db, string assetId) => db.Query(
        $"""
        SELECT o.id, o.original_file_name, o.mime_type, o.taken_at, m.make, m.model, o.stack_id
        FROM assets a JOIN assets o ON o.owner_id = a.owner_id AND o.taken_at >= a.taken_at / 1000 * 1000 AND o.taken_at < a.taken_at / 1000 * 1000 + 1000
        LEFT JOIN asset_metadata m ON m.asset_id = o.id
        WHERE a.id = $id AND o.type = 'image' AND o.deleted_at IS NULL AND o.{AssetVisibilities.ListedSql};
        """,
        r => new Candidate(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetNullableString(4), r.GetNullableString(5), r.GetNullableString(6)),
        ("$id", assetId));
}
