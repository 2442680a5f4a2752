namespace PiVault.Server.Features.Timeline;

/// <summary>One month of the timeline: <c>timeBucket</c> is <c>yyyy-MM</c> of the local time where taken, newest first.</summary>
public sealed record TimeBucketDto(string TimeBucket, int Count);

/// <summary>
/// The few fields the grid needs per tile; the viewer loads the full <c>AssetDto</c> on demand. <c>LocalDateTime</c> is
/// the wall clock where it was taken (no offset; UTC when the offset is unknown): the grid's days come from it.
/// </summary>
public sealed record TimelineAssetDto(
    string Id,
    string OwnerId,
    string Type,
    DateTimeOffset TakenAt,
    int? Width,
    int? Height,
    string? ThumbHash,
    bool HasThumbnail,
    bool IsFavorite,
    bool IsArchived,
    double? DurationSeconds,
    string OriginalFileName,
    string LocalDateTime,
    int? UtcOffsetMinutes,
    string? LivePhotoVideoId = null,
    string? StackId = null,
    int? StackCount = null);

/// <summary>Partial update of an asset's flags: absent fields stay as they are.</summary>
public sealed record UpdateAssetFlagsRequest(bool? IsFavorite, bool? IsArchived);

/// <summary>The same flags for many assets at once (multi-select in the grid).</summary>
public sealed record BulkUpdateAssetFlagsRequest(List<string>? Ids, bool? IsFavorite, bool? IsArchived);

public sealed record AssetFlagsDto(string Id, bool IsFavorite, bool IsArchived);

/// <summary>A timeline narrowed to one tag of <see cref="OwnerId"/> and the tags under it (docs/tags.md).</summary>
public sealed record TimelineTagFilter(string TagId, string OwnerId);

/// <summary>Which assets a timeline shows.</summary>
public enum TimelineView
{
    Timeline,
    Favorites,
    Archive,
    Album,

    /// <summary>The locked folder: only while the caller's session is unlocked.</summary>
    Locked,

    /// <summary>The main timeline with the photos of the partners the caller shows in it (docs/partners.md).</summary>
    TimelineWithPartners,
}
