namespace PiVault.Hardware.Button;

/// <summary>
/// The appliance's push button, in domain words: it reports whether it is there and raises <see cref="Pressed"/> once
/// per press, after the release (so a press's length is known). What a press does is the caller's business.
/// </summary>
public interface IButton : IDisposable
{
    ButtonStatus Status { get; }

    /// <summary>Raised on the button's own thread; handlers must be quick and must not throw.</summary>
    event Action<ButtonPress>? Pressed;

    /// <summary>Raised on the button's thread whenever <see cref="Status"/> changes (found, busy, gone).</summary>
    event Action<ButtonStatus>? StatusChanged;

    /// <summary>Starts watching in the background; never throws for missing or busy hardware (see <see cref="Status"/>).</summary>
    void Start();
}

/// <summary>Short: under the long-press threshold; long: held at least that long.</summary>
public enum PressKind
{
    ShortPress,
    LongPress,
}

public static class PressKinds
{
    /// <summary>"short" or "long": the word in the journal line and the API.</summary>
    public static string Word(this PressKind kind) => kind == PressKind.LongPress ? "long" : "short";
}

public sealed record ButtonPress(DateTimeOffset At, PressKind Kind, TimeSpan Held);

public enum ButtonState
{
    /// <summary>Not configured, or no such chip or line on this machine.</summary>
    Absent,
    /// <summary>The line is requested and its edges are watched.</summary>
    Ok,
    /// <summary>Another consumer holds the line (EBUSY); retried periodically.</summary>
    Busy,
    /// <summary>The chip or line refused for another reason (permissions, a read error); retried periodically.</summary>
    Error,
}

/// <param name="Chip">The configured chip label (or kernel name); empty = any chip.</param>
/// <param name="Line">The configured line offset or name; null = no button configured.</param>
/// <param name="Detail">One sentence for the operator: what is watched, or why not.</param>
public sealed record ButtonStatus(ButtonState State, string? Chip, string? Line, string Detail);
