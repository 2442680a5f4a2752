namespace PiVault.Server.Storage;

/// <summary>
/// Which drive an original is on: the hot library or the cold tier (<c>assets.original_tier</c>), or a folder library's
/// folder (<c>assets.library_id</c> set: the path is absolute and the file is never PiVault's to move or delete).
/// </summary>
public enum OriginalTier
{
    Hot,
    Cold,
    External,
}

public static class OriginalTiers
{
    /// <summary>The SQL that reads an asset's tier: a folder library's asset is 'external' whatever <c>original_tier</c> says.</summary>
    public const string Column = "CASE WHEN library_id IS NULL THEN original_tier ELSE 'external' END";

    public static string ToDb(this OriginalTier tier) => tier == OriginalTier.Cold ? "cold" : "hot";

    public static OriginalTier FromDb(string value) => value switch
    {
        "cold" => OriginalTier.Cold,
        "external" => OriginalTier.External,
        _ => OriginalTier.Hot,
    };
}
