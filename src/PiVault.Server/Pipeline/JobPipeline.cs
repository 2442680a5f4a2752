using PiVault.Server.Queue;

namespace PiVault.Server.Pipeline;

/// <summary>Runs one job. Throw <see cref="PermanentJobException"/> when retrying cannot help (a corrupt file).</summary>
public delegate Task JobHandler(Job job, CancellationToken cancel);

/// <summary>The job cannot succeed by retrying; it fails at once with this readable message.</summary>
public sealed class PermanentJobException(string message) : Exception(message);

/// <summary>
/// The media pipeline: which handler runs each kind of job (one table, built in <c>Hosting/PipelineWiring</c>) and
/// which steps follow each (one switch). Sits above the features: it calls them, they never call it.
/// </summary>
public sealed class JobPipeline
{
    private readonly IReadOnlyDictionary<string, JobHandler> handlers;

    public JobPipeline(IReadOnlyDictionary<string, JobHandler> handlers)
    {
        var missing = JobKinds.All.Where(k => !handlers.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            // Checked at start-up so a missing handler fails the boot, not a job at 3 a.m.
            throw new InvalidOperationException($"No handler for job kinds: {string.Join(", ", missing)}.");
        }
        this.handlers = handlers;
    }

    /// <summary>What an upload starts.</summary>
    public static readonly IReadOnlyList<string> StartKinds = [JobKinds.Metadata];

    public JobHandler HandlerFor(string kind) =>
        handlers.TryGetValue(kind, out var handler) ? handler : throw new InvalidOperationException($"No handler for job kind '{kind}'.");

    /// <summary>The one place that chains steps: metadata (date, orientation, place) → thumbnails → later ML stages.</summary>
    public static IReadOnlyList<string> FollowUps(string kind) => kind switch
    {
        JobKinds.Metadata => [JobKinds.Thumbnails],
        JobKinds.Thumbnails => [JobKinds.VideoPlayback],
        JobKinds.VideoPlayback => [],
        _ => [],
    };
}
