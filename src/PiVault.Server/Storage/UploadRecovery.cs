using PiVault.Server.Data;

namespace PiVault.Server.Storage;

/// <summary>What start-up repaired: originals of uploads that were never acknowledged, and temp files.</summary>
public sealed record RecoveryReport(int UnacknowledgedOriginals, int FinishedEntries, int TempFiles);

/// <summary>
/// Start-up repair after a crash or power cut, before the listener opens (nothing is in flight then): every
/// <see cref="UploadJournal"/> entry is settled — its file removed when no asset row holds the path (the client never got
/// an answer, so it sends the file again), only the entry when one does — and temp files of cut-off uploads and video
/// conversions are deleted. An acknowledged upload is never touched: its row holds its path.
/// </summary>
public sealed partial class UploadRecovery(Database database, IFileStore files, DerivedFileStore derived, ILogger<UploadRecovery> logger)
{
    public RecoveryReport Run()
    {
        var removed = 0;
        var finished = 0;
        using (var db = database.Open())
        {
            foreach (var (path, held) in UploadJournal.Entries(db))
            {
                if (held)
                {
                    finished++;
                }
                else if (files.Exists(path))
                {
                    files.DeleteOriginal(path);
                    removed++;
                    LogRemovedUnacknowledged(logger, path);
                }
                UploadJournal.Complete(db, path); // after the file: a crash here leaves the entry, and the next start settles it again
            }
        }
        var temps = files.RemoveLeftoverTemps() + derived.RemoveLeftoverTemps();
        if (temps > 0)
        {
            LogRemovedTemps(logger, temps);
        }
        return new RecoveryReport(removed, finished, temps);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Path}: its upload was interrupted before the asset was stored, so the client was never told it was safe")]
    private static partial void LogRemovedUnacknowledged(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} temp files left by interrupted uploads and video conversions")]
    private static partial void LogRemovedTemps(ILogger logger, int count);
}
