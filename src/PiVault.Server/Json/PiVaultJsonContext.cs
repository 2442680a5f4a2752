using System.Text.Json.Serialization;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.ApiKeys;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Server;
using PiVault.Server.Features.Settings;
using PiVault.Server.Features.SharedLinks;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Features.Users;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Json;

/// <summary>Every type that crosses the HTTP boundary, serialised by source-generated code (no reflection, AOT-safe).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PingDto))]
[JsonSerializable(typeof(VersionDto))]
[JsonSerializable(typeof(SetupStatusDto))]
[JsonSerializable(typeof(BootstrapRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(List<UserDto>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyDto))]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(ApiKeyCreatedDto))]
[JsonSerializable(typeof(AssetDto))]
[JsonSerializable(typeof(List<AssetDto>))]
[JsonSerializable(typeof(AssetPageDto))]
[JsonSerializable(typeof(UploadResultDto))]
[JsonSerializable(typeof(TrashResultDto))]
[JsonSerializable(typeof(AssetMetadataDto))]
[JsonSerializable(typeof(QueueStatusDto))]
[JsonSerializable(typeof(List<QueueStatusDto>))]
[JsonSerializable(typeof(QueueActionResultDto))]
[JsonSerializable(typeof(List<FailedJob>))]
[JsonSerializable(typeof(List<TimeBucketDto>))]
[JsonSerializable(typeof(List<TimelineAssetDto>))]
[JsonSerializable(typeof(UpdateAssetFlagsRequest))]
[JsonSerializable(typeof(BulkUpdateAssetFlagsRequest))]
[JsonSerializable(typeof(AssetFlagsDto))]
[JsonSerializable(typeof(List<AssetFlagsDto>))]
[JsonSerializable(typeof(AlbumDto))]
[JsonSerializable(typeof(List<AlbumDto>))]
[JsonSerializable(typeof(CreateAlbumRequest))]
[JsonSerializable(typeof(UpdateAlbumRequest))]
[JsonSerializable(typeof(AlbumAssetsRequest))]
[JsonSerializable(typeof(AlbumAssetsResultDto))]
[JsonSerializable(typeof(ShareAlbumRequest))]
[JsonSerializable(typeof(CreateSharedLinkRequest))]
[JsonSerializable(typeof(SharedLinkDto))]
[JsonSerializable(typeof(List<SharedLinkDto>))]
[JsonSerializable(typeof(SharedViewDto))]
[JsonSerializable(typeof(UnlockSharedLinkRequest))]
[JsonSerializable(typeof(ServerSettingsDto))]
[JsonSerializable(typeof(StorageRolesDto))]
[JsonSerializable(typeof(UpdateSettingsRequest))]
[JsonSerializable(typeof(StorageDeviceDto))]
[JsonSerializable(typeof(List<StorageDeviceDto>))]
[JsonSerializable(typeof(StoragePlanDto))]
[JsonSerializable(typeof(ServerConfigDto))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class PiVaultJsonContext : JsonSerializerContext;
