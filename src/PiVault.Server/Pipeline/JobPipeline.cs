using PiVault.Server.Queue;

namespace PiVault.Server.Pipeline;

/// <summary>Runs one job. Throw <see cref="PermanentJobException"/> when retrying cannot help (a corrupt file).</summary>
public delegate Task JobHandler(Job job, CancellationToken cancel);

/// <summary>The job cannot succeed by retrying; it fails at once with this readable message.</summary>
public sealed class PermanentJobException(string message) : Exception(message);

/// <summary>
/// The media pipeline as it runs: the <see cref="JobSteps"/> table with each step's handler built. Sits above the
/// features: it calls them, they never call it. Built at start-up, so a table with a step lacking its handler, or a
/// follow-up that is no step, fails the boot rather than a job at 3 a.m.
/// </summary>
public sealed class JobPipeline
{
    private readonly IReadOnlyDictionary<string, JobHandler> handlers;

    /// <summary>The table's own handlers, built from the services.</summary>
    public JobPipeline(JobSteps steps, IServiceProvider services)
        : this(steps, Check(steps).All.ToDictionary(s => s.Kind, s => s.Handler!(services), StringComparer.Ordinal))
    {
    }

    /// <summary>The production table's steps with other handlers (tests that count or block runs).</summary>
    public JobPipeline(IReadOnlyDictionary<string, JobHandler> handlers)
        : this(JobSteps.Production, handlers)
    {
    }

    private JobPipeline(JobSteps steps, IReadOnlyDictionary<string, JobHandler> handlers)
    {
        Check(steps);
        var missing = steps.All.Where(s => !handlers.ContainsKey(s.Kind)).Select(s => s.Kind).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No handler for job kinds: {string.Join(", ", missing)}.");
        }
        Steps = steps;
        this.handlers = handlers;
    }

    public JobSteps Steps { get; }

    public JobHandler HandlerFor(string kind) =>
        handlers.TryGetValue(kind, out var handler) ? handler : throw new InvalidOperationException($"No handler for job kind '{kind}'.");

    private static JobSteps Check(JobSteps steps)
    {
        var problems = steps.Problems();
        return problems.Count == 0 ? steps : throw new InvalidOperationException($"The job step table cannot run: {string.Join(" ", problems)}");
    }
}
