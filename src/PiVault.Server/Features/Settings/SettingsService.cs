using System.Globalization;
using System.Text.Json;
using PiVault.Server.Data;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Settings;

/// <summary>
/// The settings the setup wizard asks for: storage roles, time zone, device name (for <c>&lt;name&gt;.local</c>) and ML on/off.
/// Every value is validated here with a plain-language message. A saved device name and time zone are then applied to the
/// system (<see cref="SystemSettingsApplier"/>). The storage roles here are the wizard's plan; drives are prepared and
/// mounted by <see cref="PiVault.Server.Features.Drives.DriveService"/>.
/// </summary>
public sealed class SettingsService(
    Database database, SettingsStore store, UserStore users, StorageProbe probe, SystemSettingsApplier system, TimeProvider time)
{
    private const string SetupCompletedKey = "setup.completed";
    private const string TimeZoneKey = "timeZone";
    private const string DeviceNameKey = "deviceName";
    private const string MlEnabledKey = "ml.enabled";
    private const string StorageKey = "storage.roles";

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
        if (request.Storage is { } roles)
        {
            var plan = Plan(roles);
            if (!plan.Valid)
            {
                throw ApiException.BadRequest(string.Join(" ", plan.Problems));
            }
            store.Set(db, StorageKey, JsonSerializer.Serialize(roles, PiVaultJsonContext.Default.StorageRolesDto), now);
        }
        if (request.CompleteSetup == true)
        {
            store.Set(db, SetupCompletedKey, now.ToString("O", CultureInfo.InvariantCulture), now);
        }
        transaction.Commit();
        return Read(db);
    }

    public List<StorageDeviceDto> Devices() => probe.Devices();

    /// <summary>Checks the chosen roles against what the server sees and says, step by step, what would happen.</summary>
    public StoragePlanDto Plan(StorageRolesDto roles)
    {
        var devices = probe.Devices().ToDictionary(d => d.Id, StringComparer.Ordinal);
        var problems = new List<string>();
        var steps = new List<string>();
        var backups = roles.BackupDrives ?? [];
        if (roles.HotLibrary is null)
        {
            problems.Add("Choose where the photo library lives (the hot library, ideally the fast NVMe drive).");
        }
        foreach (var id in backups.Append(roles.HotLibrary).Append(roles.ColdTier).OfType<string>().Where(id => !devices.ContainsKey(id)))
        {
            problems.Add($"{id} is not a drive this server can see; refresh the list and choose again.");
        }
        if (roles.ColdTier is not null && roles.ColdTier == roles.HotLibrary && roles.HotLibrary != "data-dir")
        {
            problems.Add("The cold tier must be a different drive from the hot library.");
        }
        if (roles.HotLibrary is not null && backups.Contains(roles.HotLibrary))
        {
            problems.Add("A backup drive cannot be the drive that holds the library: a backup must survive that drive failing.");
        }
        if (problems.Count == 0)
        {
            steps.Add(Describe("Hot library (originals, thumbnails, database)", devices[roles.HotLibrary!]));
            steps.Add(roles.ColdTier is null ? "No cold tier: every original stays on the hot library." : Describe("Cold tier (older originals)", devices[roles.ColdTier]));
            steps.AddRange(backups.Count == 0 ? ["No backup drive yet: you can add one later."] : backups.Select(b => Describe("Backup drive", devices[b])));
            steps.Add("Choosing roles here formats nothing. A drive is prepared (erased, then formatted as ext4) only from the drive list, after you type the confirmation it asks for.");
        }
        return new StoragePlanDto(problems.Count == 0, steps, problems);
    }

    public static List<string> TimeZones() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private ServerSettingsDto Read(Microsoft.Data.Sqlite.SqliteConnection db)
    {
        var all = store.All(db);
        var storage = all.TryGetValue(StorageKey, out var json)
            ? JsonSerializer.Deserialize(json, PiVaultJsonContext.Default.StorageRolesDto)!
            : new StorageRolesDto(null, null, []);
        return new ServerSettingsDto(all.ContainsKey(SetupCompletedKey), all.GetValueOrDefault(TimeZoneKey, "UTC"),
            all.GetValueOrDefault(DeviceNameKey, "pivault"), all.GetValueOrDefault(MlEnabledKey, "true") == "true", storage, []);
    }

    private static string Describe(string role, StorageDeviceDto d)
    {
        var size = d.SizeBytes > 0 ? $"{d.SizeBytes / 1e9:0.#} GB" : "size unknown";
        var where = d.MountPoint is null ? "not mounted: it would be mounted under /srv/pivault" : $"mounted at {d.MountPoint}";
        var fs = d.FileSystem is null ? "no file system: prepare it from the drive list first" : d.FileSystem;
        return $"{role}: {d.Path} ({d.Label ?? d.Model ?? d.Kind}, {size}, {fs}, {where}).";
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
