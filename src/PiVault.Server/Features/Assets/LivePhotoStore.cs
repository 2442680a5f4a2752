using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// SQL of Live Photo pairs (migration 0035): a still's <c>live_photo_video_id</c>, the video's visibility 'hidden', and
/// Apple's content identifier that pairs two separately arrived halves. Every write changes a row only when its value
/// differs, so running a step again leaves the change numbers (the phones' sync) alone.
/// </summary>
public sealed class LivePhotoStore
{
    /// <summary>
    /// Links a still to its video and hides the video from every list (it stays reachable by id and in the sync stream).
    /// A still keeps the first video it was linked with; returns whether the still now names this video.
    /// </summary>
    public bool Link(SqliteConnection db, string stillId, string videoId, DateTimeOffset now)
    {
        db.Execute(
            "UPDATE assets SET live_photo_video_id = $video, updated_at = $now WHERE id = $still AND live_photo_video_id IS NULL AND id <> $video;",
            ("$still", stillId), ("$video", videoId), ("$now", now.ToDb()));
        if (db.Scalar<long>("SELECT count(*) FROM assets WHERE id = $still AND live_photo_video_id = $video;", ("$still", stillId), ("$video", videoId)) == 0)
        {
            return false;
        }
        db.Execute(
            $"UPDATE assets SET visibility = 'hidden', updated_at = $now WHERE id = $video AND {AssetVisibilities.ListedSql};",
            ("$video", videoId), ("$now", now.ToDb()));
        return true;
    }

    public void SetContentIdentifier(SqliteConnection db, string assetId, string? identifier) => db.Execute(
        "UPDATE assets SET content_identifier = $identifier WHERE id = $id AND content_identifier IS NOT $identifier;",
        ("$id", assetId), ("$identifier", identifier));

    /// <summary>The owner's untrashed video with this content identifier that no still names yet (the oldest, if several).</summary>
    public string? UnpairedVideo(SqliteConnection db, string ownerId, string identifier) => db.Scalar<string>(
        """
        SELECT v.id FROM assets v
        WHERE v.owner_id = $owner AND v.content_identifier = $identifier AND v.type = 'video' AND v.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM assets s WHERE s.live_photo_video_id = v.id)
        ORDER BY v.created_at, v.id LIMIT 1;
        """,
        ("$owner", ownerId), ("$identifier", identifier));

    /// <summary>The owner's untrashed still with this content identifier that names no video yet.</summary>
    public string? UnpairedStill(SqliteConnection db, string ownerId, string identifier) => db.Scalar<string>(
        """
        SELECT s.id FROM assets s
        WHERE s.owner_id = $owner AND s.content_identifier = $identifier AND s.type = 'image' AND s.deleted_at IS NULL
          AND s.live_photo_video_id IS NULL
        ORDER BY s.created_at, s.id LIMIT 1;
        """,
        ("$owner", ownerId), ("$identifier", identifier));

    /// <summary>Whether some still already names this video.</summary>
    public bool IsLinkedVideo(SqliteConnection db, string videoId) =>
        db.Scalar<long>("SELECT EXISTS (SELECT 1 FROM assets WHERE live_photo_video_id = $video);", ("$video", videoId)) == 1;
}
