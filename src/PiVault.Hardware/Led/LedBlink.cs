namespace PiVault.Hardware.Led;

/// <summary>One step of a pattern: the LED on or off for a while (<see cref="Timeout.InfiniteTimeSpan"/>: until the next pattern).</summary>
public readonly record struct LedPhase(bool On, TimeSpan For);

/// <summary>
/// How each <see cref="LedPattern"/> looks: the one table both LED drivers read (the sysfs LED hands a plain blink to the
/// kernel's timer trigger, the GPIO LED and longer sequences play through <see cref="LedSequencer"/>). docs/hardware.md
/// lists the meanings.
/// </summary>
public static class LedBlink
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    public static IReadOnlyList<LedPhase> Of(LedPattern pattern) => pattern switch
    {
        LedPattern.Off => [new(false, Forever)],
        // Idle heartbeat: a double pulse every 2 s, "alive, nothing to do".
        LedPattern.Ready => [new(true, Ms(100)), new(false, Ms(200)), new(true, Ms(100)), new(false, Ms(1600))],
        LedPattern.Working => Blink(500, 500),
        LedPattern.Attention => Blink(100, 100),
        LedPattern.BackupRunning => Blink(250, 250),
        LedPattern.SafeToUnplug => Blink(1900, 100),
        LedPattern.Error => Blink(100, 1900),
        _ => [new(true, Forever)],
    };

    /// <summary>The on and off times when the pattern is a plain, even or uneven, two-phase blink; null otherwise.</summary>
    public static (int OnMs, int OffMs)? PlainBlink(IReadOnlyList<LedPhase> phases) =>
        phases is [{ On: true } on, { On: false } off] ? ((int)on.For.TotalMilliseconds, (int)off.For.TotalMilliseconds) : null;

    private static LedPhase[] Blink(int onMs, int offMs) => [new(true, Ms(onMs)), new(false, Ms(offMs))];

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
