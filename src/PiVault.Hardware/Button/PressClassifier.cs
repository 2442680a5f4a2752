using PiVault.Hardware.Gpio;

namespace PiVault.Hardware.Button;

/// <summary>
/// Turns edge events into presses, timed by the events' own kernel timestamps (so a late read does not lengthen a
/// press). A press is an edge to the active level followed by an edge back; a contact shorter than the minimum is
/// bounce and is dropped, and a repeated edge to the level the line is already at (a missed event) is ignored.
/// </summary>
public sealed class PressClassifier(bool activeHigh, TimeSpan longPress, TimeSpan minimumPress)
{
    private ulong? pressedAtNs;

    public bool IsPressed => pressedAtNs is not null;

    /// <summary>The press this edge completed, or null (a press began, bounce, or nothing changed).</summary>
    public (PressKind Kind, TimeSpan Held)? Feed(GpioLineEvent edge)
    {
        var toActive = (edge.Edge == GpioEdge.Rising) == activeHigh;
        if (toActive)
        {
            pressedAtNs ??= edge.TimestampNs;
            return null;
        }
        if (pressedAtNs is not { } start)
        {
            return null;
        }
        pressedAtNs = null;
        var held = TimeSpan.FromTicks((long)((edge.TimestampNs - Math.Min(start, edge.TimestampNs)) / 100));
        if (held < minimumPress)
        {
            return null;
        }
        return (held >= longPress ? PressKind.LongPress : PressKind.ShortPress, held);
    }
}
