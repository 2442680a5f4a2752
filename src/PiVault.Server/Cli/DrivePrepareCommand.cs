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
        var outcome = new DrivePreparer(d => Lsblk.Run(d), TimeProvider.System).Prepare(device, tokenDir);
        (outcome.Done ? output : error).WriteLine($"pivault drive prepare: {outcome.Message}");
        return outcome.Done ? 0 : 1;
    }
}
