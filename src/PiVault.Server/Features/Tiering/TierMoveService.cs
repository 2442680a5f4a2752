using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Tiering;

/// <summary>
/// Moves one original from the hot library to the cold tier (and a pinned favourite back, <see cref="MoveToHot"/>): journal → copy to the cold drive's <c>.tmp</c> → fsync →
/// rename into place → fsync the folder → read back and verify SHA-1 → switch the tier in one transaction → delete the
/// hot copy → end the journal entry. Until the switch the hot copy is the referenced one; after it, the cold copy, which
/// was verified first. So a crash anywhere leaves exactly one valid referenced copy, and <see cref="TierMoveRecovery"/>
/// finishes or undoes the move from the journal.
/// </summary>
public sealed partial class TierMoveService(
    Database database, TierMoveStore store, IFileStore hot, ColdTierStore cold, TierMoveRecovery recovery, TimeProvider time,
    ILogger<TierMoveService> logger)
{
    private const int CopyBuffer = 256 * 1024;

    /// <summary>Test hook: called after each durable step; throwing from it is a crash at that point.</summary>
    public Action<string, TierMoveStep>? AfterStep { get; set; }

    public TierMoveOutcome MoveToCold(string assetId, bool pinFavorites)
    {
        using var db = database.Open();
        recovery.SettleLeftover(db, assetId); // a move of this asset cut off earlier is finished or undone first
        var asset = store.Find(db, assetId);
        if (asset is null || asset.Tier == OriginalTier.Cold || asset.Trashed || pinFavorites && asset.IsFavorite)
        {
            return TierMoveOutcome.Skipped;
        }
        RequireColdDrive(db);
        if (!store.Begin(db, new TierMove(asset.Id, asset.OriginalPath), time.GetUtcNow()))
        {
            return TierMoveOutcome.Skipped; // another worker is moving it
        }
        Step(asset.Id, TierMoveStep.Journalled);
        try
        {
            CopyVerified(asset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Undo(db, asset);
            throw Directory.Exists(cold.TempDir)
                ? new IOException($"Moving {asset.OriginalPath} to the cold drive failed: {e.Message}", e)
                : new ColdTierUnavailableException($"The cold drive ({cold.Root}) went away while {asset.OriginalPath} was moving to it; the original stays on the hot drive and the move is retried once the drive is back.", e);
        }
        return Switch(db, asset);
    }

    /// <summary>
    /// Brings a cold original back to the hot library (a favourite pinned after it moved): the same journal and order the
    /// other way — copy to the library's temp → fsync → rename → verify → switch → delete the cold copy. Until the switch
    /// the cold copy is the referenced one, so <see cref="TierMoveRecovery"/> settles a crash exactly as for a move out.
    /// </summary>
    public TierMoveOutcome MoveToHot(string assetId)
    {
        using var db = database.Open();
        recovery.SettleLeftover(db, assetId);
        var asset = store.Find(db, assetId);
        if (asset is null || asset.Tier == OriginalTier.Hot || asset.Trashed)
        {
            return TierMoveOutcome.Skipped;
        }
        if (!cold.IsAttached)
        {
            throw new ColdTierUnavailableException($"The cold drive ({cold.Root}) is not attached: {asset.OriginalPath} comes back once it is.",
                new DirectoryNotFoundException(cold.Root));
        }
        if (!store.Begin(db, new TierMove(asset.Id, asset.OriginalPath), time.GetUtcNow()))
        {
            return TierMoveOutcome.Skipped;
        }
        Step(asset.Id, TierMoveStep.Journalled);
        try
        {
            CopyBackVerified(asset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UndoReturn(db, asset);
            throw cold.IsAttached
                ? new IOException($"Bringing {asset.OriginalPath} back from the cold drive failed: {e.Message}", e)
                : new ColdTierUnavailableException($"The cold drive ({cold.Root}) went away while {asset.OriginalPath} was coming back; it stays there and is retried once the drive is back.", e);
        }
        return SwitchBack(db, asset);
    }

    private void CopyBackVerified(TierCandidate asset)
    {
        using (var temp = hot.CreateTemp())
        {
            try
            {
                using (var input = new FileStream(cold.FullPath(asset.OriginalPath), FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, FileOptions.SequentialScan))
                {
                    input.CopyTo(temp.Stream, CopyBuffer);
                }
                temp.Stream.Flush(flushToDisk: true);
            }
            catch
            {
                temp.Dispose();
                hot.DiscardTemp(temp.Path);
                throw;
            }
            temp.Dispose();
            Step(asset.Id, TierMoveStep.Copied);
            hot.PlaceOriginal(temp.Path, asset.OriginalPath);
        }
        Step(asset.Id, TierMoveStep.Renamed);
        if (!VerifiedCopy.Matches(hot.FullPath(asset.OriginalPath), asset.Checksum))
        {
            throw new IOException($"The copy of {asset.OriginalPath} on the hot library does not match its SHA-1.");
        }
        Step(asset.Id, TierMoveStep.Verified);
    }

    private TierMoveOutcome SwitchBack(SqliteConnection db, TierCandidate asset)
    {
        bool switched;
        using (var transaction = db.BeginTransaction())
        {
            switched = store.Switch(db, asset.Id, OriginalTier.Hot, time.GetUtcNow());
            transaction.Commit();
        }
        if (!switched)
        {
            UndoReturn(db, asset);
            return TierMoveOutcome.Skipped;
        }
        Step(asset.Id, TierMoveStep.Switched);
        recovery.RemoveColdCopies(asset.Id, asset.OriginalPath);
        Step(asset.Id, TierMoveStep.SourceRemoved);
        store.End(db, asset.Id);
        Step(asset.Id, TierMoveStep.Settled);
        LogMovedBack(logger, asset.Id, asset.OriginalPath);
        return TierMoveOutcome.Moved;
    }

    /// <summary>Before the switch: the cold copy stays the referenced one; whatever reached the library goes.</summary>
    private void UndoReturn(SqliteConnection db, TierCandidate asset)
    {
        try
        {
            recovery.RemoveHotCopy(asset.OriginalPath);
            store.End(db, asset.Id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUndoLater(logger, asset.Id, e.Message);
        }
    }

    private void CopyVerified(TierCandidate asset)
    {
        var temp = cold.TempFor(asset.Id);
        VerifiedCopy.ToTemp(hot.FullPath(asset.OriginalPath), temp);
        Step(asset.Id, TierMoveStep.Copied);
        if (!Directory.Exists(cold.TempDir))
        {
            // The drive went away: never create the owner's folders in its empty mount point.
            throw new DirectoryNotFoundException($"The cold drive's {LibraryFileStore.TempFolderName} folder is gone: the drive is not mounted.");
        }
        var target = cold.FullPath(asset.OriginalPath);
        VerifiedCopy.Place(temp, target); // paths are unique per asset, so whatever is there is a leftover of this one
        Step(asset.Id, TierMoveStep.Renamed);
        if (!VerifiedCopy.Matches(target, asset.Checksum))
        {
            throw new IOException($"The copy of {asset.OriginalPath} on the cold drive does not match its SHA-1.");
        }
        Step(asset.Id, TierMoveStep.Verified);
    }

    private TierMoveOutcome Switch(SqliteConnection db, TierCandidate asset)
    {
        bool switched;
        using (var transaction = db.BeginTransaction())
        {
            switched = store.Switch(db, asset.Id, OriginalTier.Cold, time.GetUtcNow());
            transaction.Commit();
        }
        if (!switched)
        {
            Undo(db, asset); // purged meanwhile: the cold copy belongs to nothing
            return TierMoveOutcome.Skipped;
        }
        Step(asset.Id, TierMoveStep.Switched);
        recovery.RemoveHotCopy(asset.OriginalPath);
        Step(asset.Id, TierMoveStep.SourceRemoved);
        store.End(db, asset.Id);
        Step(asset.Id, TierMoveStep.Settled);
        LogMoved(logger, asset.Id, asset.OriginalPath, asset.FileSize);
        return TierMoveOutcome.Moved;
    }

    /// <summary>Before the switch: the hot copy stays the referenced one; whatever reached the cold drive goes.</summary>
    private void Undo(SqliteConnection db, TierCandidate asset)
    {
        try
        {
            recovery.RemoveColdCopies(asset.Id, asset.OriginalPath);
            store.End(db, asset.Id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUndoLater(logger, asset.Id, e.Message); // the journal entry stays: start-up or the next move settles it
        }
    }

    /// <summary>
    /// The cold drive must be attached; a configured folder that is empty is accepted only while no original is on it
    /// yet (a new drive), and then marked with its <c>.tmp</c>; an empty drive slot is a drive not mounted, never a new one.
    /// </summary>
    private void RequireColdDrive(SqliteConnection db)
    {
        if (!cold.IsConfigured)
        {
            throw new ColdTierUnavailableException("No cold tier is configured (--cold-tier-dir).");
        }
        if (!cold.IsAttached && !(cold.MayStartEmpty && Directory.Exists(cold.Root) && store.CountOnCold(db) == 0))
        {
            // A missing disk to the job runner: the job waits for the drive instead of using up its attempts.
            throw new ColdTierUnavailableException($"The cold drive ({cold.Root}) is not attached: originals stay on the hot drive until it is back.",
                new DirectoryNotFoundException(cold.Root));
        }
        cold.Prepare();
    }

    private void Step(string assetId, TierMoveStep step) => AfterStep?.Invoke(assetId, step);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Moved the original of {AssetId} ({Path}, {Bytes} bytes) to the cold tier")]
    private static partial void LogMoved(ILogger logger, string assetId, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Brought the original of {AssetId} ({Path}) back to the hot library")]
    private static partial void LogMovedBack(ILogger logger, string assetId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not undo the move of {AssetId} now ({Reason}); it is settled at the next start or move")]
    private static partial void LogUndoLater(ILogger logger, string assetId, string reason);
}
