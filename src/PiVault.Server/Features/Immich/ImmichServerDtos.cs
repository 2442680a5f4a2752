namespace PiVault.Server.Features.Immich;

// Immich 3.2.2 response shapes (names and required fields as in its OpenAPI schema). Every required field is always
// written, nullable ones as null: the mobile app's generated models reject a response that lacks one.

public sealed record WellKnownDto(WellKnownApiDto Api);

public sealed record WellKnownApiDto(string Endpoint);

public sealed record ImmichPingDto(string Res);

public sealed record ImmichVersionDto(int Major, int Minor, int Patch, int? Prerelease);

public sealed record ImmichFeaturesDto(
    bool ConfigFile, bool DuplicateDetection, bool Email, bool FacialRecognition, bool ImportFaces, bool Map, bool Oauth,
    bool OauthAutoLaunch, bool Ocr, bool PasswordLogin, bool RealtimeTranscoding, bool ReverseGeocoding, bool Search,
    bool Sidecar, bool SmartSearch, bool Trash);

public sealed record ImmichConfigDto(
    string ExternalDomain, bool IsInitialized, bool IsOnboarded, string LoginPageMessage, bool MaintenanceMode,
    string MapDarkStyleUrl, string MapLightStyleUrl, int MinFaces, string OauthButtonText, bool PublicUsers, int TrashDays,
    int UserDeleteDelay);

public sealed record ImmichMediaTypesDto(string[] Image, string[] Sidecar, string[] Video);

public sealed record ImmichAboutDto(bool Licensed, string Version, string VersionUrl, string Repository, string RepositoryUrl);

public sealed record ImmichStorageDto(
    string DiskAvailable, long DiskAvailableRaw, string DiskSize, long DiskSizeRaw, double DiskUsagePercentage, string DiskUse, long DiskUseRaw);

public sealed record ImmichUsageByUserDto(
    long Photos, long? QuotaSizeInBytes, long Usage, long UsagePhotos, long UsageVideos, string UserId, string UserName, long Videos);

public sealed record ImmichServerStatsDto(long Photos, long Usage, List<ImmichUsageByUserDto> UsageByUser, long UsagePhotos, long UsageVideos, long Videos);
