namespace PiVault.Server.Features.Settings;

/// <summary>
/// Server-wide settings chosen in the setup wizard and changed later by the admin. <c>systemWarnings</c>, only ever
/// filled in the answer to a save: what was saved but could not be applied to the system (device name, time zone).
/// </summary>
public sealed record ServerSettingsDto(
    bool SetupCompleted, string TimeZone, string DeviceName, bool MlEnabled, StorageRolesDto Storage, List<string> SystemWarnings);

/// <summary>Ids from <c>GET admin/storage/devices</c>: the hot library, the cold tier and the backup drives.</summary>
public sealed record StorageRolesDto(string? HotLibrary, string? ColdTier, List<string> BackupDrives);

/// <summary>Partial update: absent fields stay; <c>completeSetup</c> ends the wizard for good.</summary>
public sealed record UpdateSettingsRequest(
    string? TimeZone, string? DeviceName, bool? MlEnabled, StorageRolesDto? Storage, bool? CompleteSetup);

/// <summary>A block device, partition or (in development) folder the server can see.</summary>
public sealed record StorageDeviceDto(
    string Id, string Path, string Kind, long SizeBytes, long? FreeBytes, string? FileSystem, string? MountPoint, string? Model,
    string? Transport, string? Label);

/// <summary>What choosing these roles would do, in plain words; choosing formats nothing (drives are prepared from the drive list).</summary>
public sealed record StoragePlanDto(bool Valid, List<string> Steps, List<string> Problems);

/// <summary>Public: whether the first-boot wizard must run, and the device's name.</summary>
public sealed record ServerConfigDto(bool SetupRequired, bool SetupCompleted, string DeviceName);
