
namespace PiVault.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a fresh temp folder for one test: a filesystem that is certainly not the one the other
/// temp folders live on, with a size the test chose. Needs root (or CAP_SYS_ADMIN); <see cref="Unavailable"/> says why not.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Probe = new(ProbeMount);

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when a tmpfs can be mounted here, else the reason (not Linux, not root, mount refused).</summary>
    public static string? Unavailable => Probe.Value;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB; throws when mounting fails.</summary>
    public static TmpfsMount Create(int megabytes)
    {
        var path = TempDir.Create();
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "pivault-test", path);
        if (exitCode != 0)
        {
            TempDir.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs failed ({exitCode}): {error}");
        }
        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        Run("umount", Path);
        TempDir.Delete(Path);
    }

    private static string? ProbeMount()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts need Linux";
        }
        try
        {
            using var mount = Create(1);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {e.Message.Trim()}";
        }
    }

    private static (int ExitCode, string Error) Run(string command, params string[] arguments) => Tool.Run(command, arguments);
}

/// <summary>A fact that is reported as skipped, with the reason, where no tmpfs can be mounted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
