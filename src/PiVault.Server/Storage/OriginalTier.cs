namespace PiVault.Server.Storage;

/// <summary>Which drive an original is on: the hot library or the cold tier (<c>assets.original_tier</c>).</summary>
public enum OriginalTier
{
    Hot,
    Cold,
}

public static class OriginalTiers
{
    public static string ToDb(this OriginalTier tier) => tier == OriginalTier.Cold ? "cold" : "hot";

    public static OriginalTier FromDb(string value) => value == "cold" ? OriginalTier.Cold : OriginalTier.Hot;
}
