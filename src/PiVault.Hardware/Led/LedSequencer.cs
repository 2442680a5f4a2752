namespace PiVault.Hardware.Led;

/// <summary>
/// Plays a pattern's phases on an LED that only knows on and off (a GPIO line, or a sysfs LED for a sequence the kernel's
/// timer trigger cannot show), one <see cref="TimeProvider"/> timer per phase, so nothing of ours wakes while the LED is
/// steady. A new pattern replaces the old one at once; a timer of the old one that fires late does nothing.
/// </summary>
/// <param name="write">Sets the LED; exceptions go back to whoever called <see cref="Play"/> (first phase) or end the sequence.</param>
public sealed class LedSequencer(Action<bool> write, TimeProvider time) : IDisposable
{
    private readonly Lock gate = new();
    private IReadOnlyList<LedPhase> phases = [];
    private ITimer? timer;
    private int index;
    private long generation;

    /// <summary>The error that stopped the sequence (the LED was unplugged, its file vanished), until the next <see cref="Play"/>.</summary>
    public Exception? Failure { get; private set; }

    public void Play(IReadOnlyList<LedPhase> pattern)
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            generation++;
            phases = pattern;
            index = 0;
            Failure = null;
            Enter(generation);
        }
    }

    /// <summary>Stops the timers; the LED keeps its last level.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            generation++;
            timer?.Dispose();
            timer = null;
        }
    }

    private void Enter(long current)
    {
        var phase = phases[index];
        write(phase.On);
        if (phases.Count > 1 && phase.For > TimeSpan.Zero && phase.For != Timeout.InfiniteTimeSpan)
        {
            timer = time.CreateTimer(_ => Next(current), null, phase.For, Timeout.InfiniteTimeSpan);
        }
    }

    private void Next(long expected)
    {
        lock (gate)
        {
            if (expected != generation)
            {
                return; // replaced or stopped while this timer was due
            }
            timer?.Dispose();
            timer = null;
            index = (index + 1) % phases.Count;
            try
            {
                Enter(expected);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
            {
                Failure = e;
            }
        }
    }
}
