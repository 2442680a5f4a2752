using Microsoft.Win32.SafeHandles;
using PiVault.Hardware.Gpio;

namespace PiVault.Hardware.Led;

/// <summary>
/// An external LED on a GPIO line (through a resistor to GND: line high = LED on), for boxes whose on-board LED is
/// hidden in the case or absent. The line is requested as an output with the consumer <c>pivault-led</c>; the patterns
/// play through <see cref="LedSequencer"/>. Released (and left low) on dispose. Like the button, a missing chip, a busy
/// line or missing permissions is a state, never an exception.
/// </summary>
/// <param name="chip">Chip label or kernel name; empty = any chip.</param>
/// <param name="line">Line offset or line name ("27", "GPIO27").</param>
public sealed class GpioStatusLed(string root, string? chip, string line, IGpioChipInfoSource chips, TimeProvider time) : IStatusLed
{
    public const string Consumer = "pivault-led";

    private readonly Lock gate = new();
    private SafeFileHandle? fd;
    private LedSequencer? sequencer;
    private volatile LedStatus status = new(LedState.Absent, null, LedPattern.Off, "not started");

    public LedStatus Status => status;

    public void Start()
    {
        lock (gate)
        {
            if (fd is not null)
            {
                return;
            }
            var where = new GpioChipFinder(root, chips).Find(chip, line, out var why);
            if (where is null)
            {
                status = status with { Detail = why };
                return;
            }
            var name = $"line {where.Offset}{(where.LineName is { } n ? $" ({n})" : "")} of {where.Chip.Label}";
            try
            {
                using var device = GpioChip.Open(where.DevicePath);
                var requested = device.RequestLine(where.Offset, Consumer, GpioLineFlags.Output, 0);
                fd = requested;
                sequencer = new LedSequencer(high => GpioChip.WriteLevel(requested, high), time);
                status = new LedStatus(LedState.Ok, name, LedPattern.Off, $"driving an LED on {name}");
            }
            catch (GpioException e) when (e.Errno == GpioInterop.EBUSY)
            {
                status = new LedStatus(LedState.Error, name, LedPattern.Off, $"{name} is in use by {GpioChip.Holder(where)}");
            }
            catch (UnauthorizedAccessException e)
            {
                status = new LedStatus(LedState.Error, name, LedPattern.Off, $"cannot open {where.DevicePath}: {e.Message} (the service user needs the gpio group)");
            }
            catch (IOException e)
            {
                status = new LedStatus(LedState.Error, name, LedPattern.Off, $"cannot request {name} as an output: {e.Message}");
            }
        }
    }

    public void Show(LedPattern pattern)
    {
        lock (gate)
        {
            if (sequencer is null || pattern == status.Pattern && status.State == LedState.Ok)
            {
                return;
            }
            try
            {
                sequencer.Play(LedBlink.Of(pattern));
                status = status with { State = LedState.Ok, Pattern = pattern, Detail = $"showing {pattern.ToString().ToLowerInvariant()} on {status.Name}" };
            }
            catch (IOException e)
            {
                status = status with { State = LedState.Error, Detail = $"cannot set {status.Name}: {e.Message}" };
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (fd is null)
            {
                return;
            }
            sequencer?.Dispose();
            try
            {
                GpioChip.WriteLevel(fd, false);
            }
            catch (IOException)
            {
                // Releasing anyway.
            }
            fd.Dispose();
            fd = null;
            sequencer = null;
            status = status with { Pattern = LedPattern.Off, Detail = $"released {status.Name}" };
        }
    }
}
