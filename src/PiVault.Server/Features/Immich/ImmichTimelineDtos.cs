namespace PiVault.Server.Features.Immich;

/// <summary><c>timeBucket</c> is the first day of the month, <c>yyyy-MM-01</c>, as Immich names its buckets.</summary>
public sealed record ImmichTimeBucketDto(string TimeBucket, int Count);

/// <summary>
/// Immich's column-oriented bucket (<c>TimeBucketAssetResponseDto</c>): entry <c>i</c> of every array describes the same
/// asset. <c>createdAt</c> carries the taken time: the tile query does not read the upload time.
/// </summary>
public sealed record ImmichTimeBucketAssetsDto(
    List<DateTimeOffset> CreatedAt,
    List<long?> Duration,
    List<DateTimeOffset> FileCreatedAt,
    List<string> Id,
    List<bool> IsFavorite,
    List<bool> IsImage,
    List<bool> IsTrashed,
    List<string?> LivePhotoVideoId,
    List<double> LocalOffsetHours,
    List<string> OwnerId,
    List<string?> ProjectionType,
    List<double> Ratio,
    List<string?> Thumbhash,
    List<string> Visibility);
