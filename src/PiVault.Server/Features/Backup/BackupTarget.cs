using System.Text.Json;
using PiVault.Server.Json;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>The drive a backup goes to: checked before anything is written, and the previous run's report read back.</summary>
public static class BackupTarget
{
    /// <summary>
    /// Checks that <paramref name="targetRoot"/> exists and is writable, creates <c>pivault-backup/</c>, and removes the
    /// temp files of a cut-off run. Throws <see cref="BackupTargetException"/> with a readable reason otherwise.
    /// </summary>
    public static BackupLayout Prepare(string targetRoot)
    {
        if (!Directory.Exists(targetRoot))
        {
            throw new BackupTargetException($"The backup target {targetRoot} does not exist: is the drive plugged in and mounted?");
        }
        if (FileSystemSpace.Of(targetRoot) is { ReadOnly: true })
        {
            throw new BackupTargetException($"The backup target {targetRoot} is mounted read-only: nothing can be written to it.");
        }
        var layout = BackupLayout.Under(targetRoot);
        try
        {
            DirectorySync.CreateDirectoryDurably(layout.LibraryDir);
            var probe = BackupLayout.TempFor(layout.ManifestPath);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            RemoveTemps(layout);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupTargetException($"The backup target {targetRoot} cannot be written to: {e.Message}", e);
        }
        return layout;
    }

    /// <summary>The last run's <c>backup.json</c>, or null when there is none or it cannot be read.</summary>
    public static BackupReport? ReadReport(BackupLayout layout)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(layout.ReportPath), PiVaultJsonContext.Default.BackupReport);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void RemoveTemps(BackupLayout layout)
    {
        foreach (var temp in Directory.EnumerateFiles(layout.Root, "*" + BackupLayout.TempSuffix, SearchOption.AllDirectories))
        {
            File.Delete(temp);
        }
    }
}
