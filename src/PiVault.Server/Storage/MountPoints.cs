namespace PiVault.Server.Storage;

/// <summary>The mount table, for folders that only count as a drive when one is mounted there (the appliance's /srv/pivault slots).</summary>
public static class MountPoints
{
    public const string SelfMountInfo = "/proc/self/mountinfo";

    /// <summary>Whether <paramref name="path"/> is a mount point: field 5 of a line of the mount table (octal escapes: \040 for a space).</summary>
    public static bool IsMountPoint(string path, string mountInfo = SelfMountInfo)
    {
        try
        {
            var full = Path.GetFullPath(path).TrimEnd('/');
            return File.ReadLines(mountInfo).Select(line => line.Split(' ')).Any(fields => fields.Length > 4 && Unescape(fields[4]).TrimEnd('/') == full);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
