using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Settings;

/// <summary>
/// The settings the setup wizard asks for: time zone, device name (for <c>&lt;name&gt;.local</c>) and ML on/off.
/// Every value is validated here with a plain-language message. A saved device name and time zone are then applied to the
/// system (<see cref="SystemSettingsApplier"/>). Drives and their roles are the wizard's storage step, kept by
/// <see cref="PiVault.Server.Features.Drives.DriveService"/> (one list of drives, one place for roles).
/// </summary>
public sealed class SettingsService(
    Database database, SettingsStore store, UserStore users, SystemSettingsApplier system, TimeProvider time)
{
    private const string SetupCompletedKey = "setup.completed";
    private const string TimeZoneKey = "timeZone";
    private const string DeviceNameKey = "deviceName";
    private const string MlEnabledKey = "ml.enabled";

    public ServerConfigDto PublicConfig()
    {
        using var db = database.Open();
        var settings = Read(db);
        return new ServerConfigDto(users.Count(db) == 0, settings.SetupCompleted, settings.DeviceName);
    }

    public ServerSettingsDto Get()
    {
        using var db = database.Open();
        return Read(db);
    }

    /// <summary>
    /// Stores the request's settings in one transaction, then applies a device name or time zone it carries to the
    /// system; what could not be applied comes back in <see cref="ServerSettingsDto.SystemWarnings"/>, the setting kept.
    /// </summary>
    public async Task<ServerSettingsDto> UpdateAsync(UpdateSettingsRequest request, CancellationToken cancellationToken = default)
    {
        var timeZone = request.TimeZone is null ? null : ValidTimeZone(request.TimeZone);
        var deviceName = request.DeviceName is null ? null : ValidDeviceName(request.DeviceName);
        var saved = Save(request, timeZone, deviceName);
        var warnings = await system.ApplyAsync(deviceName, timeZone, cancellationToken);
        return saved with { SystemWarnings = warnings };
    }

    private ServerSettingsDto Save(UpdateSettingsRequest request, string? timeZone, string? deviceName)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        if (timeZone is not null)
        {
            store.Set(db, TimeZoneKey, timeZone, now);
        }
        if (deviceName is not null)
        {
            store.Set(db, DeviceNameKey, deviceName, now);
        }
        if (request.MlEnabled is { } ml)
        {
            store.Set(db, MlEnabledKey, ml ? "true" : "false", now);
        }
        if (request.CompleteSetup == true)
        {
            store.Set(db, SetupCompletedKey, now.ToString("O", CultureInfo.InvariantCulture), now);
        }
        transaction.Commit();
        return Read(db);
    }

    /// <summary>"Today" is the household's: the time zone chosen in the setup wizard, else the system's.</summary>
    public TimeZoneInfo HouseholdZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(Get().TimeZone, out var zone) ? zone : time.LocalTimeZone;

    public static List<string> TimeZones() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private ServerSettingsDto Read(Microsoft.Data.Sqlite.SqliteConnection db)
    {
        var all = store.All(db);
        return new ServerSettingsDto(all.ContainsKey(SetupCompletedKey), all.GetValueOrDefault(TimeZoneKey, "UTC"),
            all.GetValueOrDefault(DeviceNameKey, "pivault"), all.GetValueOrDefault(MlEnabledKey, "true") == "true", []);
    }

    private static string ValidTimeZone(string value)
    {
        var id = value.Trim();
        return TimeZones().Contains(id, StringComparer.Ordinal)
            ? id
            : throw ApiException.BadRequest($"\"{value}\" is not a time zone this server knows; pick one from the list, like Europe/Berlin.");
    }

    /// <summary>A DNS label (RFC 1123): the device answers as <c>&lt;name&gt;.local</c>.</summary>
    private static string ValidDeviceName(string value)
    {
        var name = value.Trim().ToLowerInvariant();
        return Hostname.IsValid(name)
            ? name
            : throw ApiException.BadRequest("The device name may use letters a–z, digits and hyphens (1–63 characters), and cannot start or end with a hyphen.");
    }
}
