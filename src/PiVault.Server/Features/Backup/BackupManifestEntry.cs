namespace PiVault.Server.Features.Backup;

/// <summary>
/// One original on the backup: its path relative to the library, its size and SHA-1, the asset it belonged to, and
/// when it was first seen gone from the library (null while the library still holds it).
/// </summary>
public sealed record BackupManifestEntry(string Path, long Size, byte[] Checksum, string AssetId, DateTimeOffset? DeletedAt)
{
    public string ChecksumHex => Convert.ToHexStringLower(Checksum);

    public bool IsDeleted => DeletedAt is not null;
}
