using System.Text.Json.Serialization;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Immich;

public sealed record BulkUploadCheckItem(string? Id, string? Checksum);

public sealed record BulkUploadCheckRequest(List<BulkUploadCheckItem>? Assets);

/// <summary><c>assetId</c>, <c>isTrashed</c> and <c>reason</c> are optional in the schema: written only for rejects.</summary>
public sealed record BulkUploadCheckResult(
    string Id,
    string Action,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? AssetId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? IsTrashed,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason);

public sealed record BulkUploadCheckResponse(List<BulkUploadCheckResult> Results);

public sealed record ImmichUploadResponse(string Id, string Status);

public sealed record ImmichAssetStatsDto(long Images, long Total, long Videos);

public sealed record ImmichDeleteAssetsRequest(string[]? Ids, bool? Force);

public sealed record ImmichAssetDto(
    string Checksum,
    DateTimeOffset CreatedAt,
    string? DuplicateId,
    long? Duration,
    DateTimeOffset FileCreatedAt,
    DateTimeOffset FileModifiedAt,
    bool HasMetadata,
    int? Height,
    string Id,
    bool IsArchived,
    bool IsEdited,
    bool IsFavorite,
    bool IsOffline,
    bool IsTrashed,
    string? LibraryId,
    string? LivePhotoVideoId,
    string LocalDateTime,
    string OriginalFileName,
    string OriginalMimeType,
    string OriginalPath,
    string OwnerId,
    string? Thumbhash,
    string Type,
    DateTimeOffset UpdatedAt,
    string Visibility,
    int? Width,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<ImmichPersonWithFacesDto>? People = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmichAssetStackDto? Stack = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<ImmichTagDto>? Tags = null);

/// <summary>The search filters Immich clients send; the ones PiVault does not know are accepted and ignored.</summary>
public sealed record MetadataSearchRequest(
    string[]? AlbumIds, string? Checksum, string? City, string? Country, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore,
    string? DeviceId, string? Id, bool? IsFavorite, string? LensModel, string? Make, string? Model, string? Ocr, string? Order,
    string? OriginalFileName, int? Page, int? Size, DateTimeOffset? TakenAfter, DateTimeOffset? TakenBefore,
    DateTimeOffset? TrashedAfter, DateTimeOffset? TrashedBefore, string? Type, DateTimeOffset? UpdatedAfter,
    DateTimeOffset? UpdatedBefore, bool? WithDeleted, string[]? PersonIds = null, string[]? TagIds = null)
{
    public AssetSearchFilters Filters() => new()
    {
        AlbumIds = AlbumIds, City = City, Country = Country, CreatedAfter = CreatedAfter, CreatedBefore = CreatedBefore, DeviceId = DeviceId,
        IsFavorite = IsFavorite, LensModel = LensModel, Make = Make, Model = Model, Ocr = Ocr, TakenAfter = TakenAfter, TakenBefore = TakenBefore,
        TrashedAfter = TrashedAfter, TrashedBefore = TrashedBefore, Type = Type, UpdatedAfter = UpdatedAfter, UpdatedBefore = UpdatedBefore,
        WithDeleted = WithDeleted, PersonIds = PersonIds, TagIds = TagIds,
    };
}

/// <summary>
/// <c>SmartSearchDto</c> of @immich/sdk 3.2.2: <c>query</c> or <c>queryAssetId</c>, page/size, and the metadata search's
/// filters (those PiVault has; <c>language</c> is accepted for the multilingual models and not needed by the default CLIP).
/// </summary>
public sealed record ImmichSmartSearchRequest(
    string? Query, string? QueryAssetId, string? Language, string[]? AlbumIds, string? City, string? Country, DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore, string? DeviceId, bool? IsFavorite, string? LensModel, string? Make, string? Model, int? Page, int? Size,
    DateTimeOffset? TakenAfter, DateTimeOffset? TakenBefore, DateTimeOffset? TrashedAfter, DateTimeOffset? TrashedBefore, string? Type,
    DateTimeOffset? UpdatedAfter, DateTimeOffset? UpdatedBefore, bool? WithDeleted, string? Ocr = null, string[]? PersonIds = null, string[]? TagIds = null)
{
    /// <summary>The metadata search's filters, <c>ocr</c> included (no id, checksum, file name or order: ranking decides the order).</summary>
    public AssetSearchFilters Filters() => new()
    {
        AlbumIds = AlbumIds, City = City, Country = Country, CreatedAfter = CreatedAfter, CreatedBefore = CreatedBefore, DeviceId = DeviceId,
        IsFavorite = IsFavorite, LensModel = LensModel, Make = Make, Model = Model, Ocr = Ocr, TakenAfter = TakenAfter, TakenBefore = TakenBefore,
        TrashedAfter = TrashedAfter, TrashedBefore = TrashedBefore, Type = Type, UpdatedAfter = UpdatedAfter, UpdatedBefore = UpdatedBefore,
        WithDeleted = WithDeleted, PersonIds = PersonIds, TagIds = TagIds,
    };
}

public sealed record ImmichFacetDto(List<ImmichFacetCountDto> Counts, string FieldName);

public sealed record ImmichFacetCountDto(long Count, string Value);

public sealed record ImmichSearchAssetsDto(long Count, List<ImmichFacetDto> Facets, List<ImmichAssetDto> Items, string? NextCursor, string? NextPage, long Total);

/// <summary>Album results stay empty: metadata search is about assets (albums have their own endpoints).</summary>
public sealed record ImmichSearchAlbumsDto(long Count, List<ImmichFacetDto> Facets, string[] Items, long Total);

public sealed record ImmichSearchResponse(ImmichSearchAlbumsDto Albums, ImmichSearchAssetsDto Assets);

public sealed record ImmichExploreItemDto(ImmichAssetDto Data, string Value);

public sealed record ImmichExploreDto(string FieldName, List<ImmichExploreItemDto> Items);
