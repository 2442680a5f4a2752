using System.Text;
using System.Text.Json;
using PiVault.Server.Json;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary><c>pivault-backup/drive.json</c>: the drive's own id, written on its first backup, so rotated drives keep separate histories.</summary>
public sealed record BackupDriveIdentity(string DriveId, DateTimeOffset FirstUsedAt);

/// <summary>
/// Which of the configured backup folders holds a drive right now, and who that drive is. Attached is the one rule of
/// <see cref="DriveFolder"/>, the cold tier's too: a drive slot (<c>/srv/pivault/backupN</c>) while a drive is mounted
/// there, a plain folder when it is a mount point or already holds <c>pivault-backup/</c> — an empty folder that is not
/// a mount point is where an unplugged drive would be mounted, and backing up into it would fill the system's own card.
/// </summary>
public static class BackupDrives
{
    public const string IdentityFile = "drive.json";

    /// <param name="mountInfo">The mount table to read (<c>/proc/self/mountinfo</c>); tests pass their own.</param>
    public static bool IsAttached(string target, string mountInfo = MountPoints.SelfMountInfo) =>
        DriveFolder.At(target, BackupLayout.FolderName, mountInfo).IsAttached;

    /// <summary>The drive's identity, or null when it has never been backed up to (or the file cannot be read).</summary>
    public static BackupDriveIdentity? ReadIdentity(string target)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(IdentityPath(target)), PiVaultJsonContext.Default.BackupDriveIdentity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The drive's identity, written durably first when it has none (call after <see cref="BackupTarget.Prepare"/>).</summary>
    public static BackupDriveIdentity Identify(string target, DateTimeOffset now)
    {
        if (ReadIdentity(target) is { } known)
        {
            return known;
        }
        var identity = new BackupDriveIdentity(Guid.NewGuid().ToString("D"), now);
        DurableFile.WriteAllBytes(IdentityPath(target), JsonSerializer.SerializeToUtf8Bytes(identity, PiVaultJsonContext.Default.BackupDriveIdentity));
        return identity;
    }

    /// <summary>
    /// The systemd mount unit of a mount point, as <c>systemd-escape --path</c> makes it:
    /// <c>/srv/pivault/backup</c> → <c>srv-pivault-backup.mount</c>, <c>/</c> → <c>-.mount</c>.
    /// </summary>
    public static string MountUnit(string mountPoint)
    {
        var trimmed = Path.GetFullPath(mountPoint).Trim('/');
        if (trimmed.Length == 0)
        {
            return "-.mount";
        }
        var unit = new StringBuilder();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '/')
            {
                unit.Append('-');
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c == '.' && i > 0) || (c == ':' ))
            {
                unit.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    unit.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }
        }
        return unit.Append(".mount").ToString();
    }

    private static string IdentityPath(string target) => Path.Combine(target, BackupLayout.FolderName, IdentityFile);
}
