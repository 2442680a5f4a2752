using PiVault.Server.Configuration;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault restore --from DIR --data-dir DIR2</c>: makes a data folder from a backup (<see cref="RestoreService"/>).
/// Exit code 0 when restored, 1 with a one-line reason when refused or failed (nothing is left behind), 64 for a bad
/// command line.
/// </summary>
public static class RestoreCommand
{
    public static int Run(PiVaultOptions options, CommandLine commandLine, TextWriter output, TextWriter error)
    {
        if (!commandLine.Flags.TryGetValue("from", out var from))
        {
            throw new CommandLineException("restore needs --from DIR: the backup drive's folder (or its pivault-backup folder).");
        }
        try
        {
            var result = RestoreService.Run(from, options, TimeProvider.System);
            output.WriteLine(
                $"restored the database and {result.Originals} originals ({result.Bytes} bytes) into {Path.GetFullPath(options.DataDir)}; " +
                $"{result.RedrawJobs} thumbnail jobs are queued for the next start");
            return 0;
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"pivault: restore failed: {e.Message}");
            return 1;
        }
    }
}
