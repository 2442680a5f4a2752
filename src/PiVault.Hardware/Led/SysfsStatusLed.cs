using System.Globalization;

namespace PiVault.Hardware.Led;

/// <summary>
/// An LED under <c>sys/class/leds</c> below <paramref name="root"/>: the first of <paramref name="names"/> that exists
/// (the Pi 4's activity LED is <c>ACT</c> on current kernels, <c>led0</c> on older downstream ones). Steady patterns
/// write <c>trigger=none</c> and <c>brightness</c>; blinking uses the kernel's <c>timer</c> trigger with
/// <c>delay_on</c>/<c>delay_off</c>, so no thread of ours toggles it (a longer sequence plays through <see cref="LedSequencer"/>). Where the timer trigger is missing
/// (<c>CONFIG_LEDS_TRIGGER_TIMER</c> not loaded), blinking patterns show steady on. The trigger found at start is
/// written back on dispose (<c>mmc0</c> on Raspberry Pi OS, <c>heartbeat</c> on Debian).
/// </summary>
public sealed class SysfsStatusLed(string root, IReadOnlyList<string> names, TimeProvider? time = null) : IStatusLed
{
    public static readonly IReadOnlyList<string> PiNames = ["ACT", "led0"];

    private readonly Lock gate = new();
    private string? dir;
    private string? originalTrigger;
    private string? originalBrightness;
    private string maxBrightness = "1";
    private LedSequencer? sequencer;
    private volatile LedStatus status = new(LedState.Absent, null, LedPattern.Off,
        names.Count == 0 ? "no status LED configured" : "not started");

    public LedStatus Status => status;

    public void Start()
    {
        lock (gate)
        {
            if (dir is not null || names.Count == 0)
            {
                return;
            }
            var name = names.FirstOrDefault(n => Directory.Exists(Path.Combine(root, "sys", "class", "leds", n)));
            if (name is null)
            {
                status = status with { Detail = $"no LED named {string.Join(" or ", names)} in {Path.Combine(root, "sys", "class", "leds")}" };
                return;
            }
            var candidate = Path.Combine(root, "sys", "class", "leds", name);
            try
            {
                originalTrigger = ActiveTrigger(File.ReadAllText(Path.Combine(candidate, "trigger")));
                originalBrightness = File.ReadAllText(Path.Combine(candidate, "brightness")).Trim();
                maxBrightness = ReadOr(Path.Combine(candidate, "max_brightness"), "1");
                // Removing the trigger turns the LED off in the kernel; the brightness write says so for every LED class driver.
                File.WriteAllText(Path.Combine(candidate, "trigger"), "none");
                File.WriteAllText(Path.Combine(candidate, "brightness"), "0");
                dir = candidate;
                status = new LedStatus(LedState.Ok, name, LedPattern.Off, $"driving {name} (its trigger was {originalTrigger ?? "unknown"})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                status = new LedStatus(LedState.Error, name, LedPattern.Off, $"cannot drive {name}: {e.Message}");
            }
        }
    }

    public void Show(LedPattern pattern)
    {
        lock (gate)
        {
            if (dir is null || pattern == status.Pattern)
            {
                return;
            }
            try
            {
                var steadyFallback = Write(pattern);
                status = status with { State = LedState.Ok, Pattern = pattern, Detail = steadyFallback ?? $"showing {pattern.ToString().ToLowerInvariant()} on {status.Name}" };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                status = status with { State = LedState.Error, Detail = $"cannot write {status.Name}: {e.Message}" };
            }
        }
    }

    /// <summary>Hands the LED back to the trigger it had (and the brightness, where that was "none").</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (dir is null)
            {
                return;
            }
            sequencer?.Dispose();
            sequencer = null;
            try
            {
                File.WriteAllText(Path.Combine(dir, "trigger"), originalTrigger ?? "none");
                if (originalTrigger is null or "none" && originalBrightness is not null)
                {
                    File.WriteAllText(Path.Combine(dir, "brightness"), originalBrightness);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Stopping anyway: the kernel keeps the last pattern until the next boot.
            }
            dir = null;
            status = status with { Pattern = LedPattern.Off, Detail = $"handed back to the {originalTrigger ?? "none"} trigger" };
        }
    }

    /// <summary>
    /// Writes the pattern (<see cref="LedBlink"/>): steady as a brightness, a plain blink through the kernel's timer
    /// trigger, a longer sequence played by <see cref="LedSequencer"/> on the brightness. Returns a note when blinking
    /// fell back to steady on.
    /// </summary>
    private string? Write(LedPattern pattern)
    {
        sequencer?.Dispose();
        sequencer = null;
        var phases = LedBlink.Of(pattern);
        if (phases.Count == 1)
        {
            File.WriteAllText(Path.Combine(dir!, "trigger"), "none");
            File.WriteAllText(Path.Combine(dir!, "brightness"), phases[0].On ? maxBrightness : "0");
            return null;
        }
        if (LedBlink.PlainBlink(phases) is not var (on, off))
        {
            File.WriteAllText(Path.Combine(dir!, "trigger"), "none");
            var brightness = Path.Combine(dir!, "brightness");
            sequencer = new LedSequencer(high => File.WriteAllText(brightness, high ? maxBrightness : "0"), time ?? TimeProvider.System);
            sequencer.Play(phases);
            return null;
        }
        try
        {
            File.WriteAllText(Path.Combine(dir!, "trigger"), "timer");
        }
        catch (IOException)
        {
            // EINVAL: no timer trigger in this kernel
            File.WriteAllText(Path.Combine(dir!, "brightness"), maxBrightness);
            return $"showing {pattern.ToString().ToLowerInvariant()} as steady on: the kernel has no timer trigger";
        }
        File.WriteAllText(Path.Combine(dir!, "delay_on"), on.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(dir!, "delay_off"), off.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    /// <summary>"none rc-feedback [mmc0] timer heartbeat": the bracketed one.</summary>
    internal static string? ActiveTrigger(string triggers)
    {
        foreach (var word in triggers.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > 2 && word[0] == '[' && word[^1] == ']')
            {
                return word[1..^1];
            }
        }
        return null;
    }

    private static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
