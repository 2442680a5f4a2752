using System.Diagnostics;
using PiVault.Hardware.Health;

namespace PiVault.Bench.Governor;

/// <summary>
/// Passes the real sensors through and notes when each read started (wall clock and the reading thread's CPU clock).
/// The governor reads first thing in an evaluation and raises <c>Evaluated</c> last, on the same thread, so a handler of
/// that event can tell how long the evaluation took and when the timer actually started it. Evaluations never overlap.
/// </summary>
internal sealed class TimedSensors(IHealthSensors inner) : IHealthSensors
{
    public long ReadStartedAt { get; private set; }

    public long ReadStartedThreadNs { get; private set; }

    public HealthReading Read()
    {
        ReadStartedAt = Stopwatch.GetTimestamp();
        ReadStartedThreadNs = CpuClock.ThreadNs();
        return inner.Read();
    }
}
