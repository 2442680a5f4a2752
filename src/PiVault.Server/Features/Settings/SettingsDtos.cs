namespace PiVault.Server.Features.Settings;

/// <summary>
/// Server-wide settings chosen in the setup wizard and changed later by the admin. <c>systemWarnings</c>, only ever
/// filled in the answer to a save: what was saved but could not be applied to the system (device name, time zone).
/// </summary>
public sealed record ServerSettingsDto(
    bool SetupCompleted, string TimeZone, string DeviceName, bool MlEnabled, List<string> SystemWarnings);

/// <summary>Partial update: absent fields stay; <c>completeSetup</c> ends the wizard for good.</summary>
public sealed record UpdateSettingsRequest(
    string? TimeZone, string? DeviceName, bool? MlEnabled, bool? CompleteSetup);

/// <summary>Public: whether the first-boot wizard must run, and the device's name.</summary>
public sealed record ServerConfigDto(bool SetupRequired, bool SetupCompleted, string DeviceName);
