namespace PiVault.Hardware.Gpio;

/// <summary>gpio_v2_line_flag: the request's and a line info's flags.</summary>
[Flags]
public enum GpioLineFlags : ulong
{
    None = 0,
    Used = 0x1,
    ActiveLow = 0x2,
    Input = 0x4,
    Output = 0x8,
    EdgeRising = 0x10,
    EdgeFalling = 0x20,
    BiasPullUp = 0x100,
    BiasPullDown = 0x200,
    BiasDisabled = 0x400,
}

/// <summary>gpio_v2_line_event_id: which way the line went.</summary>
public enum GpioEdge : uint
{
    Rising = 1,
    Falling = 2,
}

/// <summary>One gpio_v2_line_event. <see cref="TimestampNs"/> is CLOCK_MONOTONIC unless the request asked otherwise.</summary>
public readonly record struct GpioLineEvent(ulong TimestampNs, GpioEdge Edge, uint Offset, uint Seqno, uint LineSeqno);

/// <summary>A chip as GPIO_GET_CHIPINFO_IOCTL describes it: kernel name ("gpiochip0"), label ("pinctrl-bcm2711") and line count.</summary>
public sealed record GpioChipInfo(string Name, string Label, uint Lines);

/// <summary>One line as GPIO_V2_GET_LINEINFO_IOCTL describes it; <see cref="Consumer"/> names who holds it when <see cref="GpioLineFlags.Used"/>.</summary>
public sealed record GpioLineInfo(uint Offset, string Name, string Consumer, GpioLineFlags Flags);
