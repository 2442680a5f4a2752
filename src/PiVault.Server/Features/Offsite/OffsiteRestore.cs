using PiVault.Server.Configuration;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// <c>pivault restore --from-remote NAME</c>: downloads the off-site copy (<c>NAME_dest:current</c>, decrypted by rclone
/// when it is encrypted) into a temp folder beside the data folder, then makes the data folder from it exactly as from
/// a backup drive (<see cref="RestoreService"/>: every original checked against its SHA-1, thumbnails queued again). The
/// temp folder is removed either way; a failed restore leaves the data folder as it was (empty). The setup wizard's
/// restore (<see cref="OffsiteSetupRestore"/>) runs the same with a <c>progress</c> callback: rclone's stats while it downloads.
/// </summary>
public static class OffsiteRestore
{
    public static async Task<RestoreResult> RunAsync(string configPath, string remote, PiVaultOptions target, TimeProvider time, CancellationToken cancel,
        string rcloneExecutable = "rclone", Action<RcloneStats>? progress = null, Action? downloaded = null)
    {
        if (!OffsiteRemoteValidation.NamePattern().IsMatch(remote))
        {
            throw new OffsiteException($"'{remote}' is not a remote name PiVault uses.");
        }
        if (!new RcloneConfigFile(configPath).Has(RcloneConfigFile.Destination(remote)))
        {
            throw new OffsiteException($"The rclone config {configPath} has no remote {remote} (section [{RcloneConfigFile.Destination(remote)}]).");
        }
        var dataDir = Path.GetFullPath(target.DataDir);
        RestoreService.RequireEmpty(dataDir);
        var download = Path.Combine(Path.GetDirectoryName(dataDir)!, $".pivault-offsite-restore-{Guid.NewGuid():N}");
        try
        {
            var into = Path.Combine(download, BackupLayout.FolderName);
            List<string> arguments = ["copy", $"{RcloneConfigFile.Destination(remote)}:current", into, "--fast-list", "--use-json-log", "--exclude", "*" + BackupLayout.TempSuffix];
            if (progress is not null)
            {
                arguments.AddRange(["-v", "--stats", "1s"]);
            }
            var result = await new Rclone(configPath, rcloneExecutable).RunAsync(arguments, progress, cancel);
            if (!result.Succeeded)
            {
                throw new OffsiteException($"Downloading the off-site copy from {remote} failed: {result.Describe()}");
            }
            downloaded?.Invoke();
            return RestoreService.Run(download, target, time);
        }
        finally
        {
            if (Directory.Exists(download))
            {
                Directory.Delete(download, recursive: true);
            }
        }
    }
}
