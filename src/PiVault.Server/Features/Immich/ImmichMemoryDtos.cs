using System.Text.Json.Serialization;

namespace PiVault.Server.Features.Immich;

public sealed record ImmichOnThisDayDto(int Year);

/// <summary>Immich's MemoryResponseDto; the optional dates are left out while unset, as Immich sends them.</summary>
public sealed record ImmichMemoryDto(
    List<ImmichAssetDto> Assets, DateTimeOffset CreatedAt, ImmichOnThisDayDto Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? HideAt,
    string Id, bool IsSaved, DateTimeOffset MemoryAt, string OwnerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SeenAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ShowAt,
    string Type, DateTimeOffset UpdatedAt);

public sealed record ImmichMemoryCreateRequest(
    List<string>? AssetIds, ImmichOnThisDayDto? Data, DateTimeOffset? HideAt, bool? IsSaved, DateTimeOffset? MemoryAt, DateTimeOffset? SeenAt,
    DateTimeOffset? ShowAt, string? Type);

public sealed record ImmichMemoryUpdateRequest(bool? IsSaved, DateTimeOffset? MemoryAt, DateTimeOffset? SeenAt);

public sealed record ImmichMemoryStatisticsDto(int Total);

public sealed record ImmichStackDto(List<ImmichAssetDto> Assets, string Id, string PrimaryAssetId);

/// <summary>What an asset response says about the asset's stack.</summary>
public sealed record ImmichAssetStackDto(int AssetCount, string Id, string PrimaryAssetId);

public sealed record ImmichStackCreateRequest(List<string>? AssetIds);

public sealed record ImmichStackUpdateRequest(string? PrimaryAssetId);

public sealed record ImmichMapMarkerDto(string? City, string? Country, string Id, double Lat, double Lon, string? State);

public sealed record ImmichReverseGeocodeDto(string? City, string? Country, string? State);

public sealed record SyncMemoryV1(
    DateTimeOffset CreatedAt, ImmichOnThisDayDto Data, DateTimeOffset? DeletedAt, DateTimeOffset? HideAt, string Id, bool IsSaved, DateTimeOffset MemoryAt,
    string OwnerId, DateTimeOffset? SeenAt, DateTimeOffset? ShowAt, string Type, DateTimeOffset UpdatedAt);

public sealed record SyncMemoryDeleteV1(string MemoryId);

public sealed record SyncMemoryAssetV1(string AssetId, string MemoryId);

public sealed record SyncMemoryAssetDeleteV1(string AssetId, string MemoryId);

public sealed record SyncStackV1(DateTimeOffset CreatedAt, string Id, string OwnerId, string PrimaryAssetId, DateTimeOffset UpdatedAt);

public sealed record SyncStackDeleteV1(string StackId);
