using Microsoft.Win32.SafeHandles;
using PiVault.Hardware.Gpio;

namespace PiVault.Hardware.Button;

/// <summary>A requested button line: its fd (owned), and the request that worked, in words.</summary>
internal sealed record RequestedLine(SafeFileHandle Fd, bool ActiveHigh, string Description) : IDisposable
{
    public void Dispose() => Fd.Dispose();
}

/// <summary>
/// Requests the button line as input with both edges, the pull-up and a debounce period, stepping down when the chip
/// refuses a part (EINVAL/EOPNOTSUPP): first without the debounce attribute, then without the bias as well. Each step
/// down is named in the description, which the caller logs.
/// </summary>
internal static class LineRequester
{
    public const string Consumer = "pivault-button";

    private const GpioLineFlags Edges = GpioLineFlags.Input | GpioLineFlags.EdgeRising | GpioLineFlags.EdgeFalling;

    public static RequestedLine Request(GpioChip chip, GpioLineLocation where, ButtonSettings settings)
    {
        var debounceUs = (uint)settings.Debounce.TotalMicroseconds;
        (GpioLineFlags Flags, uint Debounce, string Note)[] attempts =
        [
            (Edges | GpioLineFlags.BiasPullUp, debounceUs, $"pull-up, kernel debounce {settings.Debounce.TotalMilliseconds:0} ms"),
            (Edges | GpioLineFlags.BiasPullUp, 0, "pull-up; the chip refused a debounce period, so only PiVault's own bounce filter applies"),
            (Edges, 0, "the chip refused bias and debounce: the button needs an external pull resistor; only PiVault's own bounce filter applies"),
        ];
        for (var i = 0; ; i++)
        {
            try
            {
                var fd = chip.RequestLine(where.Offset, Consumer, attempts[i].Flags, attempts[i].Debounce);
                var activeHigh = ActiveHigh(fd, settings.Active, out var polarityNote);
                return new RequestedLine(fd, activeHigh, $"{attempts[i].Note}; {polarityNote}");
            }
            catch (GpioException e) when (i < attempts.Length - 1 && e.Errno is GpioInterop.EINVAL or GpioInterop.EOPNOTSUPP or GpioInterop.ENOTSUPP)
            {
                // try the next, simpler request
            }
        }
    }

    private static bool ActiveHigh(SafeFileHandle fd, ButtonPolarity polarity, out string note)
    {
        if (polarity != ButtonPolarity.Auto)
        {
            note = $"pressed = {(polarity == ButtonPolarity.High ? "high" : "low")} (configured)";
            return polarity == ButtonPolarity.High;
        }
        try
        {
            var restsHigh = GpioChip.ReadLevel(fd);
            note = $"pressed = {(restsHigh ? "low" : "high")} (the line rests {(restsHigh ? "high" : "low")})";
            return !restsHigh;
        }
        catch (GpioException e)
        {
            note = $"pressed = low (could not read the resting level: {e.Message})";
            return false;
        }
    }
}
