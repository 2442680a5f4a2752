
namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Real filesystems for disk-fault tests: a size-limited tmpfs, remounted read-only and back, a bind mount that is
/// detached (umount -l) as an unplugged drive would be. Needs root and permission to mount, which CI may not grant:
/// <see cref="MountFactAttribute"/> then reports the test as skipped with the reason instead of letting it pass.
/// </summary>
public static class Mounts
{
    private static readonly Lazy<string?> Refusal = new(Probe);

    /// <summary>Null when mounting works here; otherwise why not.</summary>
    public static string? WhyNot => Refusal.Value;

    public static void Tmpfs(string dir, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", dir);

    public static void Remount(string dir, string options) => Run("mount", "-o", $"remount,{options}", dir);

    public static void Bind(string source, string dir) => Run("mount", "--bind", source, dir);

    /// <summary>Lazy unmount: open files keep working on the detached filesystem, new lookups see the empty folder.</summary>
    public static void Detach(string dir) => Run("umount", "-l", dir);

    /// <summary>Unmounts whatever is still mounted at <paramref name="dir"/>, for test clean-up; never throws.</summary>
    public static void Release(string dir)
    {
        for (var i = 0; i < 4 && IsMountPoint(dir); i++)
        {
            TryRun("umount", "-l", dir);
        }
    }

    public static bool IsMountPoint(string dir)
    {
        var full = Path.GetFullPath(dir).TrimEnd('/');
        return File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).Any(f => f.Length > 1 && f[1].Replace("\\040", " ", StringComparison.Ordinal) == full);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "disk-fault tests need Linux mounts";
        }
        var dir = TempDir.Create();
        try
        {
            var (code, output) = TryRun("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir);
            if (code != 0)
            {
                return $"this machine does not allow mounting a tmpfs (needs root and CAP_SYS_ADMIN; mount said: {output.Trim()})";
            }
            File.WriteAllText(Path.Combine(dir, "probe"), "x");
            (code, output) = TryRun("umount", dir);
            return code == 0 ? null : $"umount failed: {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"mount is not available: {e.Message}";
        }
        finally
        {
            Release(dir);
            TempDir.Delete(dir);
        }
    }

    private static void Run(string program, params string[] args)
    {
        var (code, output) = TryRun(program, args);
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} failed ({code}): {output}");
    }

    private static (int Code, string Output) TryRun(string program, params string[] args) => Tool.Run(program, args);
}

/// <summary>A fact that needs real mounts; skipped, with the reason, where this machine does not allow them (xunit 2 has no runtime skip).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (Mounts.WhyNot is { } reason)
        {
            Skip = reason;
        }
    }
}
