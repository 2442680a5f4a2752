namespace PiVault.Server.Queue;

/// <summary>
/// What the layers below the pipeline need to know of each kind of job: its queue and which assets it applies to (for the
/// queue), which kinds an upload starts and which <c>assets</c> column marks a kind done (for the asset rows). The one
/// table of steps, <c>Pipeline/JobSteps</c>, answers it: this interface only turns the dependency around, so the queue
/// and the features never reach up to the pipeline that runs them.
/// </summary>
public interface IJobCatalog
{
    /// <summary>The queue a kind's jobs wait in.</summary>
    string QueueOf(string kind);

    /// <summary>A condition on an <c>assets</c> row: a kind is queued only for the assets it holds for.</summary>
    string AppliesTo(string kind);

    /// <summary>The <c>assets</c> column a finished step stamps with its completion time.</summary>
    string DoneColumn(string kind);

    /// <summary>The kinds every upload queues in the same transaction as its row.</summary>
    IReadOnlyList<string> StartKinds { get; }
}
