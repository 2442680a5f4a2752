using System.Globalization;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault backup --data-dir DIR --to TARGET [--retention-days N]</c>: one backup run (<see cref="BackupService"/>)
/// of the data folder of a stopped server, for scripts and tests. Exit code 0 when it succeeded, 1 when it failed
/// (the reason on one line), 2 when there is no database at that path, 64 for a bad command line.
/// </summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(PiVaultOptions options, CommandLine commandLine, TextWriter output, TextWriter error)
    {
        if (!commandLine.Flags.TryGetValue("to", out var target))
        {
            throw new CommandLineException("backup needs --to TARGET: the folder (the drive's mount point) to back up to.");
        }
        var retention = BackupService.DefaultRetention;
        if (commandLine.Flags.TryGetValue("retention-days", out var days))
        {
            retention = int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? TimeSpan.FromDays(n)
                : throw new CommandLineException($"--retention-days must be a whole number of days above 0, not '{days}'.");
        }
        if (!File.Exists(options.DatabasePath))
        {
            error.WriteLine($"pivault: no database at {options.DatabasePath}: is --data-dir right?");
            return 2;
        }
        var service = new BackupService(new Database(options.DatabasePath), options.LibraryDir, TimeProvider.System, new DurableFileCopier(), retention) { ColdDir = options.ColdTierDir };
        try
        {
            var report = await service.RunAsync(target, CancellationToken.None);
            output.WriteLine(
                $"backup to {BackupLayout.Under(target).Root}: {report.FilesCopied} files copied ({report.BytesCopied} bytes), " +
                $"{report.FilesKept} kept, {report.FilesMarkedDeleted} newly marked deleted, {report.FilesExpired} expired, {report.FilesVerified} verified");
            return 0;
        }
        catch (BackupException e)
        {
            error.WriteLine($"pivault: backup failed: {e.Message}");
            return 1;
        }
    }
}
