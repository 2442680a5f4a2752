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

    /// <summary>Each role with its configured folder; the cold tier only when one is configured.</summary>
    public static List<(string Role, string Path)> Of(PiVaultOptions options)
    {
        List<(string, string)> roles = [(Data, options.DataDir), (Library, options.LibraryDir)];
        if (options.ColdTierDir is { Length: > 0 } cold)
        {
            roles.Add((Cold, cold));
        }
        return roles;
    }
}
