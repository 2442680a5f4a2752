namespace PiVault.Server.Pipeline;

/// <summary>How many workers each queue may use right now (0 = paused). The health governor decides this later.</summary>
public interface IWorkerLimits
{
    int MaxWorkers(string queue);

    int AllowedWorkers(string queue);
}

/// <summary>Fixed limits from configuration: one worker per queue per two cores, at least one.</summary>
public sealed class FixedWorkerLimits(IReadOnlyDictionary<string, int> limits) : IWorkerLimits
{
    public static FixedWorkerLimits ForThisMachine(IEnumerable<string> queues) =>
        new(queues.ToDictionary(q => q, _ => Math.Max(1, Environment.ProcessorCount / 2)));

    public int MaxWorkers(string queue) => limits.GetValueOrDefault(queue, 1);

    public int AllowedWorkers(string queue) => MaxWorkers(queue);
}
