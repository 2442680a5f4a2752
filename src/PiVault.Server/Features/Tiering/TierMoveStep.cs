namespace PiVault.Server.Features.Tiering;

/// <summary>The durable steps of a move between tiers, in order; a crash after any of them is settled at start-up.</summary>
public enum TierMoveStep
{
    /// <summary>The move is in <c>tier_moves</c>; nothing copied yet.</summary>
    Journalled,

    /// <summary>The original is copied to the target drive's <c>.tmp/</c> and fsynced.</summary>
    Copied,

    /// <summary>The copy is renamed to the original's relative path on the target drive and the folder fsynced.</summary>
    Renamed,

    /// <summary>The new copy was read back and hashes to the asset's SHA-1.</summary>
    Verified,

    /// <summary>The asset row names the target tier (one transaction, synchronous=FULL): reads now go to the new copy.</summary>
    Switched,

    /// <summary>The copy the move started from (the hot one; the cold one for a move back) is deleted and its folder fsynced.</summary>
    SourceRemoved,

    /// <summary>The journal entry is gone: the move is over.</summary>
    Settled,
}

/// <summary>What a move did.</summary>
public enum TierMoveOutcome
{
    Moved,

    /// <summary>Nothing to do: the asset is gone, already on that tier, in the trash, or a pinned favourite.</summary>
    Skipped,
}

/// <summary>The cold drive is not attached (or vanished under a move): the move is undone or left resumable, never lost.</summary>
public sealed class ColdTierUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
