namespace PiVault.Server.Pipeline;

/// <summary>How many workers each queue may use right now (0 = paused); the health governor decides.</summary>
public interface IWorkerLimits
{
    /// <summary>A queue may now use more workers: the runner wakes its idle workers at once instead of at their next poll.</summary>
    event Action<string>? LimitRaised;

    int MaxWorkers(string queue);

    int AllowedWorkers(string queue);

    /// <summary>A worker of <paramref name="queue"/> ran jobs and found nothing more to claim: limits that wait for it may lift now.</summary>
    void QueueDrained(string queue)
    {
    }
}

/// <summary>Fixed limits from configuration: one worker per queue per two cores, at least one.</summary>
public sealed class FixedWorkerLimits(IReadOnlyDictionary<string, int> limits) : IWorkerLimits
{
    public static FixedWorkerLimits ForThisMachine(IEnumerable<string> queues) =>
        new(queues.ToDictionary(q => q, _ => Math.Max(1, Environment.ProcessorCount / 2)));

    /// <summary>Fixed limits never rise.</summary>
    public event Action<string>? LimitRaised
    {
        add { }
        remove { }
    }

    public int MaxWorkers(string queue) => limits.GetValueOrDefault(queue, 1);

    public int AllowedWorkers(string queue) => MaxWorkers(queue);
}
