namespace PiVault.Server.Features.Offsite;

/// <summary>
/// One kind of off-site storage PiVault can drive through rclone (docs/offsite-backup.md): the rclone backend type, the
/// settings the admin gives (rclone's own option names, plus <c>bucket</c> and <c>path</c>, which make the folder the
/// backup goes to), and which of them are secrets — stored only in the config file, never returned by the API.
/// </summary>
/// <param name="Obscured">Secrets rclone wants obscured in its config file (<c>rclone obscure</c>): passwords.</param>
public sealed record OffsiteKind(string Name, string RcloneType, string[] Required, string[] Optional, string[] RequiredSecrets, string[] OptionalSecrets,
    string[] Obscured, bool HasBucket, Dictionary<string, string> Fixed)
{
    public const string S3 = "s3";
    public const string B2 = "b2";
    public const string Sftp = "sftp";
    public const string WebDav = "webdav";

    public static readonly IReadOnlyList<OffsiteKind> All =
    [
        // S3-compatible: AWS, Backblaze B2's S3 API, MinIO, Wasabi… (provider "Other" unless given).
        new(S3, "s3", ["access_key_id", "bucket"], ["provider", "endpoint", "region", "path", "storage_class"], ["secret_access_key"], [], [], true,
            new() { ["env_auth"] = "false" }),
        new(B2, "b2", ["account", "bucket"], ["path"], ["key"], [], [], true, []),
        // SFTP: a password or a private key (PEM text); a known_hosts file pins the server's key.
        new(Sftp, "sftp", ["host", "user"], ["port", "path", "known_hosts_file"], [], ["pass", "key_pem"], ["pass"], false, []),
        new(WebDav, "webdav", ["url"], ["vendor", "user", "path"], [], ["pass"], ["pass"], false, []),
    ];

    public static OffsiteKind? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    public IEnumerable<string> Settings => Required.Concat(Optional);

    public IEnumerable<string> Secrets => RequiredSecrets.Concat(OptionalSecrets);

    /// <summary>The folder on the storage that holds <c>current/</c> and <c>deleted/</c>: <c>bucket/path</c>, or <c>path</c>.</summary>
    public string Folder(IReadOnlyDictionary<string, string> settings)
    {
        var path = settings.GetValueOrDefault("path", "").Trim('/');
        if (!HasBucket)
        {
            return settings.GetValueOrDefault("path", "").TrimEnd('/');
        }
        return path.Length == 0 ? settings["bucket"] : $"{settings["bucket"]}/{path}";
    }
}
