namespace PiVault.Hardware.Button;

/// <summary>Which level of the line means "pressed".</summary>
public enum ButtonPolarity
{
    /// <summary>
    /// The opposite of the level the line rests at when it is requested: low on a Pi button wired to GND with the pull-up,
    /// high on QEMU virt's PL061 power-button line. Wrong only when the button is held while PiVault starts.
    /// </summary>
    Auto,
    Low,
    High,
}

/// <summary>
/// The button's line and timing. The Raspberry Pi default is GPIO17 (header pin 11, with GND on pin 9 beside it) on
/// the SoC chip labelled <c>pinctrl-bcm2711</c>; a Pi 5 uses <c>pinctrl-rp1</c>.
/// </summary>
/// <param name="Chip">Chip label or kernel name; empty = any chip.</param>
/// <param name="Line">Line offset or line name; null or empty = no button.</param>
public sealed record ButtonSettings(string? Chip, string? Line)
{
    public static readonly ButtonSettings Pi4 = new("pinctrl-bcm2711", "GPIO17");

    public static readonly ButtonSettings None = new(null, null);

    public ButtonPolarity Active { get; init; } = ButtonPolarity.Auto;

    /// <summary>Held at least this long: a long press (issue 15's "hold ≥ 4 s").</summary>
    public TimeSpan LongPress { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Asked of the kernel as the line's debounce attribute (in hardware or software, the kernel's choice).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Shorter contacts are contact bounce, not presses (the software guard when the kernel refused to debounce).</summary>
    public TimeSpan MinimumPress { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How often a busy, failed or missing line is tried again (a driver unbound, a module loaded late).</summary>
    public TimeSpan RetryEvery { get; init; } = TimeSpan.FromSeconds(10);

    public bool Configured => !string.IsNullOrEmpty(Line);
}
