namespace PiVault.Server.Pipeline;

/// <summary>
/// The ML inferences running now, shared by every ML queue (<see cref="JobSteps.MlInferencesAtOnce"/>, fewer when the
/// governor slows ML): each ML queue has that many workers, so one step with a backlog uses every core, while the three
/// together never run more inferences than that — nor hold more models' working memory at once.
/// </summary>
/// <remarks>
/// Turns are fair: a queue turned away for want of a slot gets the next free one before a queue that just finished, so a
/// long OCR backlog does not keep smart search and faces waiting for hours. A queue that stopped asking (it emptied or was
/// paused) loses its place after <see cref="StaleAfter"/>; its workers ask again at least every idle poll.
/// </remarks>
public sealed class MlSlots(TimeProvider time)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly List<(string Queue, long Asked)> waiting = []; // queues turned away, in the order they first asked
    private int used;

    public int InUse
    {
        get
        {
            lock (gate)
            {
                return used;
            }
        }
    }

    /// <summary>
    /// Takes a slot for a worker of <paramref name="queue"/> when fewer than <paramref name="capacity"/> are taken and no
    /// other queue was turned away before it; otherwise notes that the queue waits and returns false.
    /// </summary>
    public bool TryTake(string queue, int capacity)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            waiting.RemoveAll(w => time.GetElapsedTime(w.Asked, now) > StaleAfter);
            var place = waiting.FindIndex(w => w.Queue == queue);
            if (used < capacity && (waiting.Count == 0 || place == 0))
            {
                used++;
                if (place == 0)
                {
                    waiting.RemoveAt(0);
                }
                return true;
            }
            if (place < 0)
            {
                waiting.Add((queue, now));
            }
            else
            {
                waiting[place] = (queue, now); // still asking: keeps its place
            }
            return false;
        }
    }

    /// <summary>Gives a slot back; true when a queue is waiting for one (the runner then wakes the ML queues).</summary>
    public bool Return()
    {
        lock (gate)
        {
            used = Math.Max(0, used - 1);
            return waiting.Count > 0;
        }
    }
}
