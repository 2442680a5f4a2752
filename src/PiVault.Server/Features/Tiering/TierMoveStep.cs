namespace PiVault.Server.Features.Tiering;

/// <summary>The durable steps of a move to the cold tier, in order; a crash after any of them is settled at start-up.</summary>
public enum TierMoveStep
{
    /// <summary>The move is in <c>tier_moves</c>; nothing copied yet.</summary>
    Journalled,

    /// <summary>The original is copied to the cold drive's <c>.tmp/</c> and fsynced.</summary>
    Copied,

    /// <summary>The copy is renamed to the original's relative path on the cold drive and the folder fsynced.</summary>
    Renamed,

    /// <summary>The cold copy was read back and hashes to the asset's SHA-1.</summary>
    Verified,

    /// <summary>The asset row says 'cold' (one transaction, synchronous=FULL): reads now go to the cold copy.</summary>
    Switched,

    /// <summary>The hot copy is deleted and its folder fsynced.</summary>
    HotRemoved,

    /// <summary>The journal entry is gone: the move is over.</summary>
    Settled,
}

/// <summary>What a move did.</summary>
public enum TierMoveOutcome
{
    Moved,

    /// <summary>Nothing to do: the asset is gone, already cold, in the trash, or a pinned favourite.</summary>
    Skipped,
}

/// <summary>The cold drive is not attached (or vanished under a move): the move is undone or left resumable, never lost.</summary>
public sealed class ColdTierUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
