using PiVault.Server.Configuration;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// Where the off-site backup keeps its files in the data folder: <c>offsite/rclone.conf</c> (the credentials, 0600) and
/// per remote <c>offsite/&lt;name&gt;/pivault-backup/</c>, the staged tree rclone uploads — the same layout as a backup
/// drive (<see cref="BackupLayout"/>), its originals hard links to the library's.
/// </summary>
public sealed class OffsitePaths(string dataDir)
{
    public OffsitePaths(PiVaultOptions options)
        : this(options.DataDir)
    {
    }

    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDir), "offsite");

    public string ConfigPath => Path.Combine(Root, "rclone.conf");

    public RcloneConfigFile Config => new(ConfigPath);

    /// <summary>The folder a remote's staged tree is under (the "drive" <see cref="BackupService"/> backs up to).</summary>
    public string Staging(string remote) => Path.Combine(Root, remote);

    public BackupLayout Layout(string remote) => BackupLayout.Under(Staging(remote));
}
