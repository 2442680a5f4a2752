using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// The search filters PiVault's API (<c>/api/v1/search</c>, <c>/search/text</c>) and Immich's (<c>/search/metadata</c>,
/// <c>/search/smart</c>) share, and the one mapping from them to an <see cref="AssetQuery"/>. Each request type says
/// which of them it has; <see cref="Type"/> is "image", "video", "other" or "audio" in any case (Immich sends capitals).
/// </summary>
public sealed record AssetSearchFilters
{
    public DateTimeOffset? TakenAfter { get; init; }
    public DateTimeOffset? TakenBefore { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? UpdatedAfter { get; init; }
    public DateTimeOffset? UpdatedBefore { get; init; }
    public DateTimeOffset? TrashedAfter { get; init; }
    public DateTimeOffset? TrashedBefore { get; init; }
    public string? Type { get; init; }
    public bool? IsFavorite { get; init; }
    public bool? WithDeleted { get; init; }
    public string? DeviceId { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? LensModel { get; init; }
    public string? Ocr { get; init; }
    public IReadOnlyList<string>? AlbumIds { get; init; }
    /// <summary>Photos showing every one of these people (the caller's own).</summary>
    public IReadOnlyList<string>? PersonIds { get; init; }
    /// <summary>Photos carrying every one of these tags, or a tag under each (the caller's own).</summary>
    public IReadOnlyList<string>? TagIds { get; init; }

    public AssetQuery ToQuery() => new()
    {
        TakenAfter = TakenAfter, TakenBefore = TakenBefore, CreatedAfter = CreatedAfter, CreatedBefore = CreatedBefore,
        UpdatedAfter = UpdatedAfter, UpdatedBefore = UpdatedBefore, TrashedAfter = TrashedAfter, TrashedBefore = TrashedBefore,
        Type = Type?.ToLowerInvariant() switch
        {
            null or "" => null,
            "image" => AssetType.Image,
            "video" => AssetType.Video,
            "other" or "audio" => AssetType.Other,
            _ => throw ApiException.BadRequest("type must be image, video, audio or other."),
        },
        IsFavorite = IsFavorite, WithDeleted = WithDeleted == true, DeviceId = DeviceId, City = City, Country = Country, Make = Make,
        Model = Model, LensModel = LensModel, Ocr = Ocr, AlbumIds = AlbumIds, PersonIds = PersonIds, TagIds = TagIds,
    };
}
