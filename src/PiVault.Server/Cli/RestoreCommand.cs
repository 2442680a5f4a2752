using PiVault.Server.Configuration;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault restore --from DIR --data-dir DIR2</c>: makes a data folder from a backup (<see cref="RestoreService"/>);
/// <c>pivault restore --from-remote NAME --rclone-config FILE --data-dir DIR2</c>: the same from an off-site copy
/// (<see cref="OffsiteRestore"/>). Exit code 0 when restored, 1 with a one-line reason when refused or failed (nothing
/// is left behind), 64 for a bad command line.
/// </summary>
public static class RestoreCommand
{
    public static async Task<int> RunAsync(PiVaultOptions options, CommandLine commandLine, TextWriter output, TextWriter error)
    {
        var hasFrom = commandLine.Flags.TryGetValue("from", out var from);
        var hasRemote = commandLine.Flags.TryGetValue("from-remote", out var remote);
        if (hasFrom == hasRemote)
        {
            throw new CommandLineException(
                "restore needs --from DIR (the backup drive's folder, or its pivault-backup folder) or --from-remote NAME --rclone-config FILE (an off-site copy).");
        }
        try
        {
            RestoreResult result;
            if (hasRemote)
            {
                var config = commandLine.Flags.TryGetValue("rclone-config", out var file)
                    ? file
                    : throw new CommandLineException("restore --from-remote needs --rclone-config FILE: the rclone.conf PiVault wrote (kept off the box), or one made with 'rclone config'.");
                result = await OffsiteRestore.RunAsync(config, remote!, options, TimeProvider.System, CancellationToken.None);
            }
            else
            {
                result = RestoreService.Run(from!, options, TimeProvider.System);
            }
            output.WriteLine(
                $"restored the database and {result.Originals} originals ({result.Bytes} bytes) into {Path.GetFullPath(options.DataDir)}; " +
                $"{result.RedrawJobs} thumbnail jobs are queued for the next start");
            return 0;
        }
        catch (Exception e) when (e is BackupException or OffsiteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"pivault: restore failed: {e.Message}");
            return 1;
        }
    }
}
