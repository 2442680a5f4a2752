using System.Globalization;

namespace PiVault.Hardware.Led;

/// <summary>
/// An LED under <c>sys/class/leds</c> below <paramref name="root"/>: the first of <paramref name="names"/> that exists
/// (the Pi 4's activity LED is <c>ACT</c> on current kernels, <c>led0</c> on older downstream ones). Steady patterns
/// write <c>trigger=none</c> and <c>brightness</c>; blinking uses the kernel's <c>timer</c> trigger with
/// <c>delay_on</c>/<c>delay_off</c>, so no thread of ours toggles it. Where the timer trigger is missing
/// (<c>CONFIG_LEDS_TRIGGER_TIMER</c> not loaded), blinking patterns show steady on. The trigger found at start is
/// written back on dispose (<c>mmc0</c> on Raspberry Pi OS, <c>heartbeat</c> on Debian).
/// </summary>
public sealed class SysfsStatusLed(string root, IReadOnlyList<string> names) : IStatusLed
{
    public static readonly IReadOnlyList<string> PiNames = ["ACT", "led0"];

    private readonly Lock gate = new();
    private string? dir;
    private string? originalTrigger;
    private string? originalBrightness;
    private string maxBrightness = "1";
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

    /// <summary>Writes the pattern; returns a note when blinking fell back to steady on.</summary>
    private string? Write(LedPattern pattern)
    {
        switch (pattern)
        {
            case LedPattern.Off or LedPattern.Ready:
                File.WriteAllText(Path.Combine(dir!, "trigger"), "none");
                File.WriteAllText(Path.Combine(dir!, "brightness"), pattern == LedPattern.Ready ? maxBrightness : "0");
                return null;
            default:
                var (on, off) = Timing(pattern);
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
    }

    /// <summary>The timer trigger's on and off times (ms) of each blinking pattern (docs/hardware.md lists them).</summary>
    internal static (int On, int Off) Timing(LedPattern pattern) => pattern switch
    {
        LedPattern.Working => (500, 500),
        LedPattern.BackupRunning => (250, 250),
        LedPattern.SafeToUnplug => (1900, 100),
        LedPattern.Error => (100, 1900),
        _ => (100, 100),
    };

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
