using System.Text;
using System.Text.RegularExpressions;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Drives;

/// <summary>One drive to mount: its slot (<c>hot</c>, <c>cold</c>, <c>backup1</c>…<c>backup9</c>) and its ext4 file-system UUID.</summary>
public sealed record DriveMount(string Slot, string Uuid)
{
    public const string Root = DriveFolder.SlotsRoot;

    /// <summary>Where the drive is mounted: <c>/srv/pivault/&lt;slot&gt;</c>.</summary>
    public string Where => $"{Root}/{Slot}";

    /// <summary>The mount unit's name, which systemd derives from <see cref="Where"/>: <c>srv-pivault-&lt;slot&gt;.mount</c>.</summary>
    public string UnitName => $"srv-pivault-{Slot}.mount";
}

/// <summary>
/// The drive table: the small text file the unprivileged service writes (<c>&lt;data&gt;/drives/mounts.conf</c>) and
/// the mount generator reads as root at boot and on every daemon-reload. One <c>slot uuid</c> pair a line, <c>#</c>
/// comments. The reader treats the file as untrusted: a line whose slot or UUID does not match the strict patterns
/// below is skipped with a reason, so nothing in it can name another path, device or option.
/// </summary>
public static partial class DriveTable
{
    public const int MaxBackupDrives = 9;

    public static bool IsSlot(string slot) => SlotPattern().IsMatch(slot);

    /// <summary>An ext4 UUID as blkid prints it: 8-4-4-4-12 lowercase hex digits.</summary>
    public static bool IsUuid(string uuid) => UuidPattern().IsMatch(uuid);

    public static string Format(IEnumerable<DriveMount> mounts)
    {
        var text = new StringBuilder("# Written by PiVault; read by pivault-mount-generator. One line a drive: slot uuid\n");
        foreach (var mount in mounts)
        {
            if (!IsSlot(mount.Slot) || !IsUuid(mount.Uuid))
            {
                throw new ArgumentException($"Not a valid drive table entry: {mount.Slot} {mount.Uuid}", nameof(mounts));
            }
            text.Append(mount.Slot).Append(' ').Append(mount.Uuid).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The valid entries, each slot and each UUID at most once (the first wins), and a reason for every line skipped.</summary>
    public static (List<DriveMount> Mounts, List<string> Skipped) Parse(string text)
    {
        var mounts = new List<DriveMount>();
        var skipped = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2 || !IsSlot(fields[0]) || !IsUuid(fields[1]))
            {
                skipped.Add($"line {number}: expected \"<hot|cold|backup1-9> <ext4 uuid>\"");
            }
            else if (mounts.Any(m => m.Slot == fields[0] || m.Uuid == fields[1]))
            {
                skipped.Add($"line {number}: slot {fields[0]} or its drive is listed twice");
            }
            else
            {
                mounts.Add(new DriveMount(fields[0], fields[1]));
            }
        }
        return (mounts, skipped);
    }

    [GeneratedRegex(@"^(hot|cold|backup[1-9])\z")]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    private static partial Regex UuidPattern();
}
