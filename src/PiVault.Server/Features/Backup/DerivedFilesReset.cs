using PiVault.Server.Data;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// After a restore, the files under <c>thumbs/</c> are not there: every step that makes them
/// (<see cref="JobStep.MakesDerivedFiles"/>) is marked not done and queued again for the assets it applies to — the
/// admin's "queue missing" path (<see cref="MissingWorkStore"/>, <see cref="JobQueue.Enqueue"/>), committed in the
/// database so the pipeline redraws them when the server next starts.
/// </summary>
public static class DerivedFilesReset
{
    /// <summary>Returns how many jobs were queued.</summary>
    public static int Run(Database database, TimeProvider time)
    {
        var steps = JobSteps.Production.All.Where(s => s.MakesDerivedFiles).ToList();
        var queue = new JobQueue(database, time, JobSteps.Production);
        var missing = new MissingWorkStore();
        var queued = 0;
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        foreach (var step in steps)
        {
            db.Execute($"UPDATE assets SET {step.DoneColumn} = NULL WHERE {step.DoneColumn} IS NOT NULL;");
            foreach (var assetId in missing.ListMissing(db, step))
            {
                queued += queue.Enqueue(db, step.Kind, assetId) ? 1 : 0;
            }
        }
        transaction.Commit();
        return queued;
    }
}
