using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// The drives PiVault manages (docs/adr/0018-drives-prepare-and-mount.md). Lists attached disks and every file system
/// ever seen; gives a file system a role, writes the drive table and has systemd reload (the generator makes the mount
/// units) and mount it; prepares a disk by writing a one-shot confirmation and starting the root helper. Nothing here
/// runs a disk tool or mounts anything itself: this process stays unprivileged.
/// </summary>
public sealed partial class DriveService(
    Database database, DriveRegistry registry, IBlockDevices blockDevices, ISystemBus bus, PiVaultOptions options, AssignedDrives assigned,
    TimeProvider time, ILogger<DriveService> logger)
{
    public static readonly string[] Roles = ["hot", "cold", "backup", "none"];

    public string DrivesDir => Path.Combine(options.DataDir, "drives");

    public string TablePath => Path.Combine(DrivesDir, "mounts.conf");

    public string ConfirmationsDir => Path.Combine(DrivesDir, "confirmations");

    public DrivesDto List()
    {
        var attached = Attached();
        var now = time.GetUtcNow();
        using var db = database.Open();
        using (var transaction = db.BeginTransaction())
        {
            foreach (var device in attached.Where(d => d.Uuid is not null))
            {
                registry.Seen(db, device, ModelOf(device, attached), now);
            }
            transaction.Commit();
        }
        var byUuid = attached.Where(d => d.Uuid is not null).GroupBy(d => d.Uuid!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var drives = registry.All(db).Select(row => byUuid.TryGetValue(row.Uuid, out var d)
            ? new DriveDto(row.Uuid, d.Path, row.Model, row.Label, row.SizeBytes, row.FreeBytes, row.FileSystem, row.Role, row.MountPoint, true, row.FirstSeen, row.LastSeen)
            : new DriveDto(row.Uuid, null, row.Model, row.Label, row.SizeBytes, row.FreeBytes, row.FileSystem, row.Role, row.MountPoint, false, row.FirstSeen, row.LastSeen))
            .ToList();
        var disks = attached.Where(d => d.Kind == "disk").Select(d => new AttachedDiskDto(d.Path, d.Name, d.Model, d.SizeBytes, d.Transport,
            PrepareConfirmation.HoldsData(d), d.MountPoints.Count > 0, d.MountPoints.Count > 0 ? null : PrepareConfirmation.Expected(d))).ToList();
        return new DrivesDto(drives, disks);
    }

    /// <summary>
    /// Checks the typed confirmation against the disk as it is now, writes the one-shot confirmation the root helper
    /// requires, and starts <c>pivault-prepare@dev-X.service</c>. The helper checks everything again.
    /// </summary>
    public async Task<PrepareStartedDto> PrepareAsync(PrepareDriveRequest request, CancellationToken cancellationToken = default)
    {
        var device = request.Device?.Trim() ?? "";
        if (!PrepareToken.IsDevice(device))
        {
            throw ApiException.BadRequest("Choose a whole disk from the list, such as /dev/sda or /dev/nvme0n1.");
        }
        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is not (null or "hot" or "cold" or "backup"))
        {
            throw ApiException.BadRequest("The role to label the drive with is hot, cold or backup (or none).");
        }
        var disk = Attached().FirstOrDefault(d => d.Path == device && d.Kind == "disk")
            ?? throw ApiException.NotFound($"{device} is not attached; refresh the list.");
        if (disk.MountPoints.Count > 0)
        {
            throw ApiException.Conflict($"{device} is in use (mounted at {string.Join(", ", disk.MountPoints)}) and cannot be prepared.");
        }
        if (!PrepareConfirmation.Matches(disk, request.Confirmation))
        {
            var warning = PrepareConfirmation.HoldsData(disk) ? " It holds data: everything on it will be erased." : "";
            throw ApiException.BadRequest($"To prepare {device}, type exactly: {PrepareConfirmation.Expected(disk)}.{warning}");
        }
        if (options.SystemBus is null)
        {
            throw ApiException.Conflict("Preparing a drive needs system changes, which are turned off on this server (--system-bus).");
        }
        var token = new PrepareToken(device, disk.SizeBytes, PrepareConfirmation.HoldsData(disk), role is null ? "pivault" : $"pivault-{role}", time.GetUtcNow());
        var tokenPath = Path.Combine(ConfirmationsDir, PrepareToken.FileName(device));
        DirectorySync.CreateDirectoryDurably(ConfirmationsDir);
        File.WriteAllText(tokenPath, token.Format());
        var unit = PrepareToken.HelperUnit(device);
        try
        {
            await bus.StartUnitAsync(unit, cancellationToken);
        }
        catch (SystemBusException e)
        {
            File.Delete(tokenPath);
            LogPrepareNotStarted(device, e.ErrorName, e.Message);
            throw ApiException.Conflict($"{device} was not prepared: the system refused to start {unit}: {e.Message}");
        }
        LogPrepareStarted(device, token.EraseData, unit);
        return new PrepareStartedDto(device, unit, $"Preparing {device} ({token.Label}). This takes a minute or two; refresh the list to see the new drive.");
    }

    /// <summary>Gives a known ext4 file system a role (or none), rewrites the drive table and asks systemd to mount it.</summary>
    public async Task<DriveRoleResultDto> SetRoleAsync(string uuid, DriveRoleRequest request, CancellationToken cancellationToken = default)
    {
        var role = request.Role?.Trim().ToLowerInvariant() ?? "";
        if (!Roles.Contains(role))
        {
            throw ApiException.BadRequest("A drive's role is hot (the library), cold (older originals), backup or none.");
        }
        var mountedElsewhere = Attached().FirstOrDefault(d => d.Uuid == uuid && d.MountPoint is not null && !d.MountPoint.StartsWith(DriveMount.Root + "/", StringComparison.Ordinal));
        if (role != "none" && mountedElsewhere is not null)
        {
            throw ApiException.Conflict($"{mountedElsewhere.Path} is in use at {mountedElsewhere.MountPoint}; PiVault only mounts drives nothing else uses.");
        }
        string? oldUnit;
        List<DriveMount> mounts;
        bool newHotDrive;
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var rows = registry.All(db);
            var drive = rows.FirstOrDefault(r => r.Uuid == uuid) ?? throw ApiException.NotFound("No drive with that id; refresh the list.");
            if (role != "none" && (drive.FileSystem != "ext4" || !DriveTable.IsUuid(uuid)))
            {
                throw ApiException.BadRequest($"PiVault mounts ext4 drives only; this one is {drive.FileSystem ?? "not formatted"}. Prepare it first.");
            }
            if (role == "backup" && drive.Role != "backup" && rows.Count(r => r.Role == "backup") >= DriveTable.MaxBackupDrives)
            {
                throw ApiException.Conflict($"PiVault rotates at most {DriveTable.MaxBackupDrives} backup drives; take one out of the set first.");
            }
            RefuseMovingTheLibraryOff(rows, drive, role);
            newHotDrive = role == "hot" && drive.Role != "hot";
            oldUnit = Slots(rows).FirstOrDefault(m => m.Uuid == uuid)?.UnitName;
            if (role is "hot" or "cold")
            {
                registry.ClearRole(db, role);
            }
            registry.SetRole(db, uuid, role);
            mounts = Slots(registry.All(db));
            foreach (var row in registry.All(db))
            {
                registry.SetMountPoint(db, row.Uuid, mounts.FirstOrDefault(m => m.Uuid == row.Uuid)?.Where);
            }
            transaction.Commit();
        }
        WriteTable(mounts);
        var warnings = await ApplyMountsAsync(oldUnit, mounts.FirstOrDefault(m => m.Uuid == uuid)?.UnitName, cancellationToken);
        assigned.Set(mounts);
        if (newHotDrive)
        {
            warnings.Add("The originals and thumbnails move onto this drive the next time PiVault starts (restart it when convenient: "
                + "sudo systemctl restart pivault); the database stays in the data folder.");
        }
        return new DriveRoleResultDto(List(), warnings);
    }

    /// <summary>
    /// Once the library is on the hot drive (<see cref="LibraryRelocation"/>), that drive keeps the role: PiVault does not
    /// move the library off it again, and another drive in its slot would show an empty library (docs/storage.md).
    /// </summary>
    private void RefuseMovingTheLibraryOff(List<DriveRegistry.Row> rows, DriveRegistry.Row drive, string role)
    {
        var hot = rows.FirstOrDefault(r => r.Role == "hot");
        if (hot is null || !LibraryRelocation.IsOnHotDrive(options.DataDir) || (drive.Uuid == hot.Uuid) == (role == "hot"))
        {
            return;
        }
        throw ApiException.Conflict($"The library is on the hot drive {hot.Label ?? hot.Uuid}, which keeps that role: PiVault does not move the library "
            + "off it again. docs/storage.md (\"The hot drive\") says how to do it by hand.");
    }

    /// <summary>
    /// The mount slots: hot, cold, and for each backup drive the backupN it had (so a mounted drive never moves), a new
    /// one the lowest free N.
    /// </summary>
    public static List<DriveMount> Slots(IEnumerable<DriveRegistry.Row> rows)
    {
        var list = rows.Where(r => r.Role != "none" && DriveTable.IsUuid(r.Uuid)).ToList();
        var mounts = list.Where(r => r.Role is "hot" or "cold").Select(r => new DriveMount(r.Role, r.Uuid)).ToList();
        var backups = list.Where(r => r.Role == "backup").ToList();
        var kept = backups.Select(r => (Row: r, Slot: r.MountPoint?.StartsWith(DriveMount.Root + "/backup", StringComparison.Ordinal) == true ? r.MountPoint[(DriveMount.Root.Length + 1)..] : null))
            .Where(b => b.Slot is not null && DriveTable.IsSlot(b.Slot)).GroupBy(b => b.Slot).Select(g => g.First()).ToList();
        mounts.AddRange(kept.Select(b => new DriveMount(b.Slot!, b.Row.Uuid)));
        var free = Enumerable.Range(1, DriveTable.MaxBackupDrives).Select(n => $"backup{n}").Where(slot => kept.All(b => b.Slot != slot));
        mounts.AddRange(backups.Where(r => kept.All(b => b.Row.Uuid != r.Uuid)).Zip(free, (r, slot) => new DriveMount(slot, r.Uuid)));
        return mounts;
    }

    private void WriteTable(List<DriveMount> mounts)
    {
        DirectorySync.CreateDirectoryDurably(DrivesDir);
        var temporary = TablePath + ".new";
        File.WriteAllText(temporary, DriveTable.Format(mounts));
        File.Move(temporary, TablePath, overwrite: true);
    }

    /// <summary>Stops the drive's old mount (while its unit still exists), reloads so the generator runs, starts the new one.</summary>
    private async Task<List<string>> ApplyMountsAsync(string? oldUnit, string? newUnit, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (options.SystemBus is null)
        {
            return warnings;
        }
        if (oldUnit is not null && oldUnit != newUnit)
        {
            await TryAsync($"unmount ({oldUnit})", () => bus.StopUnitAsync(oldUnit, cancellationToken), warnings);
        }
        var reloaded = await TryAsync("reload systemd", () => bus.ReloadAsync(cancellationToken), warnings);
        if (reloaded && newUnit is not null)
        {
            await TryAsync($"mount ({newUnit})", () => bus.StartUnitAsync(newUnit, cancellationToken), warnings);
        }
        return warnings;
    }

    private async Task<bool> TryAsync(string what, Func<Task> change, List<string> warnings)
    {
        try
        {
            await change();
            return true;
        }
        catch (SystemBusException e)
        {
            LogSystemChangeFailed(what, e.ErrorName, e.Message);
            warnings.Add($"Saved, but could not {what}: {e.Message}");
            return false;
        }
    }

    private IReadOnlyList<BlockDevice> Attached()
    {
        try
        {
            return blockDevices.List();
        }
        catch (InvalidOperationException e)
        {
            LogListFailed(e.Message);
            return [];
        }
    }

    /// <summary>A partition's model is its disk's.</summary>
    private static string? ModelOf(BlockDevice device, IReadOnlyList<BlockDevice> all) =>
        device.Model ?? all.FirstOrDefault(d => d.Path == device.Disk)?.Model;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the attached drives: {Reason}")]
    private partial void LogListFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drives: could not {What}: {ErrorName}: {Reason}")]
    private partial void LogSystemChangeFailed(string what, string errorName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing {Device} was confirmed but not started: {ErrorName}: {Reason}")]
    private partial void LogPrepareNotStarted(string device, string errorName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preparing {Device} (erasing data: {Erase}) with {Unit}")]
    private partial void LogPrepareStarted(string device, bool erase, string unit);
}
