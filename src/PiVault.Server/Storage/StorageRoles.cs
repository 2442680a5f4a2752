using PiVault.Server.Configuration;

namespace PiVault.Server.Storage;

/// <summary>What each storage folder holds; health, disk-fault reports and warnings name drives by it.</summary>
public static class StorageRoles
{
    /// <summary>The data folder: the database and the thumbnails.</summary>
    public const string Data = "data";

    /// <summary>The originals.</summary>
    public const string Library = "library";

    /// <summary>Older originals moved off the hot drive, when a cold tier is configured.</summary>
    public const string Cold = "cold";

    /// <summary>
    /// Each role with its folder; the cold tier when one is configured (<c>--cold-tier-dir</c>) or a drive has the cold
    /// role — a drive slot only while its drive is mounted, since the empty mount point would report the system disk.
    /// </summary>
    public static List<(string Role, string Path)> Of(PiVaultOptions options, ColdTierStore cold)
    {
        List<(string, string)> roles = [(Data, options.DataDir), (Library, options.LibraryDir)];
        if (cold.IsConfigured && (cold.MayStartEmpty || cold.IsAttached))
        {
            roles.Add((Cold, cold.Root));
        }
        return roles;
    }
}
