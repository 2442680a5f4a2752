namespace PiVault.Tests.Fuzz;

/// <summary>What one parser call on hostile input did: what it threw, what it allocated, whether it ended in time.</summary>
public readonly record struct CallOutcome(Exception? Error, long AllocatedBytes, bool Finished);

/// <summary>
/// Runs one synchronous parser call on a pool thread and waits at most <see cref="Limit"/>: a loop the input sets off
/// fails the test with the mutant's seed instead of hanging the run (the stuck thread is abandoned).
/// </summary>
public static class BoundedCall
{
    /// <summary>A parse takes milliseconds; seconds leave room for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static CallOutcome Run(Action call)
    {
        var task = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                call();
                return new CallOutcome(null, GC.GetAllocatedBytesForCurrentThread() - before, true);
            }
            catch (Exception e)
            {
                return new CallOutcome(e, GC.GetAllocatedBytesForCurrentThread() - before, true);
            }
        });
        return task.Wait(Limit) ? task.Result : new CallOutcome(null, 0, false);
    }
}
