using PiVault.Server.Features.Drives;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault drive prepare --device /dev/X [--token-dir DIR]</c>: run as root only by <c>pivault-prepare@.service</c>,
/// which the service starts over D-Bus after the admin typed the confirmation. See <see cref="DrivePreparer"/>.
/// </summary>
public static class DrivePrepareCommand
{
    public const string DefaultTokenDir = "/var/lib/pivault/drives/confirmations";

    public static int Run(CommandLine commandLine, TextWriter output, TextWriter error)
    {
        if (!commandLine.Flags.TryGetValue("device", out var device))
        {
            error.WriteLine("pivault drive prepare: --device /dev/X is required");
            return 64;
        }
        var tokenDir = commandLine.Flags.GetValueOrDefault("token-dir", DefaultTokenDir);
        var outcome = new DrivePreparer(d => Lsblk.Run(d), TimeProvider.System, rootOwner: ServiceUserIds()).Prepare(device, tokenDir);
        (outcome.Done ? output : error).WriteLine($"pivault drive prepare: {outcome.Message}");
        return outcome.Done ? 0 : 1;
    }

    /// <summary><c>uid:gid</c> of the user <c>pivault</c> from <c>/etc/passwd</c>, or null when there is none.</summary>
    private static string? ServiceUserIds()
    {
        var line = File.Exists("/etc/passwd") ? File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith("pivault:", StringComparison.Ordinal)) : null;
        var fields = line?.Split(':');
        return fields is { Length: > 3 } && uint.TryParse(fields[2], out _) && uint.TryParse(fields[3], out _) ? $"{fields[2]}:{fields[3]}" : null;
    }
}
