namespace PiVault.Hardware.Led;

/// <summary>What the status LED tells someone standing by the box.</summary>
public enum LedPattern
{
    /// <summary>Not driven by PiVault (before start, after stop, or no LED).</summary>
    Off,
    /// <summary>Heartbeat (two short pulses every 2 s): ready, nothing to do.</summary>
    Ready,
    /// <summary>Slow blink (0.5 s on, 0.5 s off): starting up or working through queued jobs.</summary>
    Working,
    /// <summary>Fast blink (0.1 s on, 0.1 s off): something needs attention (a health warning).</summary>
    Attention,
    /// <summary>Quick even blink (0.25 s on, 0.25 s off): a backup is copying to the backup drive; do not unplug it.</summary>
    BackupRunning,
    /// <summary>On with a short wink (1.9 s on, 0.1 s off): the backup finished and was synced; the drive is safe to unplug.</summary>
    SafeToUnplug,
    /// <summary>Mostly off with a short flash (0.1 s on, 1.9 s off): the last backup failed (the health page says why).</summary>
    Error,
}

public enum LedState
{
    /// <summary>No such LED on this machine (or disabled in the configuration).</summary>
    Absent,
    Ok,
    /// <summary>The LED exists but its files could not be written (permissions: the udev rule and ReadWritePaths=).</summary>
    Error,
}

/// <param name="Name">The LED's sysfs name ("ACT", "led0"), when one was found.</param>
public sealed record LedStatus(LedState State, string? Name, LedPattern Pattern, string Detail);

/// <summary>
/// The board's status LED. <see cref="Start"/> takes it over from the kernel's trigger and <see cref="IDisposable.Dispose"/>
/// hands it back; neither throws for a missing or read-only LED (see <see cref="Status"/>).
/// </summary>
public interface IStatusLed : IDisposable
{
    LedStatus Status { get; }

    void Start();

    /// <summary>Shows a pattern; a repeat of the current one writes nothing.</summary>
    void Show(LedPattern pattern);
}
