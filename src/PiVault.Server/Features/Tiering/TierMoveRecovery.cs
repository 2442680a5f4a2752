using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Tiering;

/// <summary>What start-up settled of the moves a crash cut off.</summary>
public sealed record TierRecoveryReport(int Undone, int Finished, int Waiting, int TempFiles);

/// <summary>
/// Settles every move in <c>tier_moves</c> (either way) so that exactly one valid copy stays, the referenced one: an asset still
/// 'hot' keeps its hot copy and loses whatever reached the cold drive (undo); an asset already 'cold' keeps its verified
/// cold copy and loses the hot one (finish). A copy is deleted only after the other one was found to hash right, so
/// the only valid copy is never removed; with the cold drive absent the entry waits, resumable. Runs at start-up
/// (beside <see cref="UploadRecovery"/>) and before a new move of the same asset.
/// </summary>
public sealed partial class TierMoveRecovery(
    Database database, TierMoveStore store, IFileStore hot, ColdTierStore cold, TimeProvider time, ILogger<TierMoveRecovery> logger)
{
    private enum Settled { Undone, Finished, Waiting }

    public TierRecoveryReport Run()
    {
        int undone = 0, finished = 0, waiting = 0;
        using (var db = database.Open())
        {
            foreach (var move in store.Journal(db))
            {
                switch (Settle(db, move))
                {
                    case Settled.Undone: undone++; break;
                    case Settled.Finished: finished++; break;
                    default: waiting++; break;
                }
            }
        }
        var temps = cold.IsAttached ? cold.RemoveLeftoverTemps() : 0;
        if (undone + finished + waiting + temps > 0)
        {
            LogRecovered(logger, undone, finished, waiting, temps);
        }
        return new TierRecoveryReport(undone, finished, waiting, temps);
    }

    /// <summary>Settles a journalled move of this asset, if there is one.</summary>
    public void SettleLeftover(SqliteConnection db, string assetId)
    {
        if (store.Journalled(db, assetId) is { } move && Settle(db, move) == Settled.Waiting)
        {
            throw new ColdTierUnavailableException($"An earlier move of {move.OriginalPath} waits for the cold drive ({cold.Root}), which is not attached.");
        }
    }

    private Settled Settle(SqliteConnection db, TierMove move)
    {
        if (!cold.IsAttached)
        {
            return Settled.Waiting; // nothing on the cold side can be checked or removed: the hot copy, if referenced, stays
        }
        var asset = store.Find(db, move.AssetId);
        var result = asset switch
        {
            null => Undo(move), // purged meanwhile: the cold copy belongs to nothing
            { Tier: OriginalTier.Hot } when Valid(hot.FullPath(move.OriginalPath), asset.Checksum) => Undo(move),
            { Tier: OriginalTier.Hot } when Valid(cold.FullPath(move.OriginalPath), asset.Checksum) => SwitchAndKeep(db, move, OriginalTier.Cold),
            { Tier: OriginalTier.Cold } when Valid(cold.FullPath(move.OriginalPath), asset.Checksum) => Finish(move),
            { Tier: OriginalTier.Cold } when Valid(hot.FullPath(move.OriginalPath), asset.Checksum) => SwitchAndKeep(db, move, OriginalTier.Hot),
            _ => NoValidCopy(move),
        };
        store.End(db, move.AssetId); // after the files: a crash before this settles the same entry again
        return result;
    }

    public void RemoveColdCopies(string assetId, string relativePath)
    {
        DeleteFlushed(cold.TempFor(assetId));
        DeleteFlushed(cold.FullPath(relativePath));
    }

    public void RemoveHotCopy(string relativePath)
    {
        if (hot.Exists(relativePath))
        {
            hot.DeleteOriginal(relativePath);
        }
    }

    private Settled Undo(TierMove move)
    {
        RemoveColdCopies(move.AssetId, move.OriginalPath);
        LogUndone(logger, move.AssetId, move.OriginalPath);
        return Settled.Undone;
    }

    private Settled Finish(TierMove move)
    {
        DeleteFlushed(cold.TempFor(move.AssetId));
        RemoveHotCopy(move.OriginalPath);
        LogFinished(logger, move.AssetId, move.OriginalPath);
        return Settled.Finished;
    }

    /// <summary>The referenced copy is gone or damaged but the other one hashes right: point the row at that one.</summary>
    private Settled SwitchAndKeep(SqliteConnection db, TierMove move, OriginalTier to)
    {
        using (var transaction = db.BeginTransaction())
        {
            store.Switch(db, move.AssetId, to, time.GetUtcNow());
            transaction.Commit();
        }
        return to == OriginalTier.Cold ? Finish(move) : Undo(move);
    }

    private Settled NoValidCopy(TierMove move)
    {
        LogNoValidCopy(logger, move.AssetId, move.OriginalPath); // nothing is deleted; `pivault db check` reports it
        DeleteFlushed(cold.TempFor(move.AssetId));
        return Settled.Undone;
    }

    private static bool Valid(string path, byte[] checksum) => VerifiedCopy.Matches(path, checksum);

    private static void DeleteFlushed(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tiering after a restart: {Undone} moves undone, {Finished} finished, {Waiting} waiting for the cold drive, {Temps} temp files removed")]
    private static partial void LogRecovered(ILogger logger, int undone, int finished, int waiting, int temps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled the interrupted move of {AssetId} ({Path}): the original is on the hot drive, the cold copy removed")]
    private static partial void LogUndone(ILogger logger, string assetId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled the interrupted move of {AssetId} ({Path}): the original is on the cold drive, the hot copy removed")]
    private static partial void LogFinished(ILogger logger, string assetId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Neither copy of {AssetId} ({Path}) hashes right after an interrupted move; nothing was deleted")]
    private static partial void LogNoValidCopy(ILogger logger, string assetId, string path);
}
