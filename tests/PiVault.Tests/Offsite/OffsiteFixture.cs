using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>
/// A service tier (real SQLite, real library) with the off-site backup's real parts over it: remotes added as the API
/// adds them (config file written, passwords obscured by rclone), runs by the real rclone, restore through the command.
/// The governor never asks it to wait. Checks use the BCL's SHA-1 and plain reads, never the product's helpers.
/// </summary>
public sealed class OffsiteFixture : IAsyncDisposable
{
    /// <param name="configure">Changes the tier's options (a cold tier folder).</param>
    public OffsiteFixture(Func<PiVaultOptions, PiVaultOptions>? configure = null) => Tier = new(configure: configure);

    public ServiceTier Tier { get; }

    public OffsitePaths Paths => new(Tier.Options);

    public OffsiteRunStore Runs => new(Tier.Database);

    public OffsiteRemoteStore Store => new(Tier.Database);

    public OffsiteRemotes Remotes => new(Paths, Store, Runs, Tier.Time);

    private readonly List<string> restored = [];

    public Task<OffsiteRemoteCreatedDto> AddS3Async(S3Server s3, string name, bool encrypt, int retentionDays = 30) =>
        Remotes.AddAsync(new OffsiteRemoteRequest(name, OffsiteKind.S3,
            new() { ["endpoint"] = s3.Endpoint, ["access_key_id"] = S3Server.Key, ["bucket"] = S3Server.Bucket, ["path"] = name },
            new() { ["secret_access_key"] = S3Server.Key }, encrypt, null, null, null, null, retentionDays), CancellationToken.None);

    public Task<OffsiteRemoteCreatedDto> AddSftpAsync(SftpServer sftp, string name, bool encrypt, string? bandwidthLimit = null) =>
        Remotes.AddAsync(new OffsiteRemoteRequest(name, OffsiteKind.Sftp,
            new() { ["host"] = "127.0.0.1", ["port"] = sftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["user"] = SftpServer.User, ["path"] = sftp.Root },
            new() { ["key_pem"] = sftp.PrivateKey }, encrypt, null, null, null, bandwidthLimit, null, sftp.HostKeyFingerprint), CancellationToken.None);

    public OffsiteBackup Backup(Action<int>? rcloneStarted = null) => new(Tier.Options, Tier.Database, Runs, new NeverWait(), Tier.Time) { RcloneStarted = rcloneStarted };

    public Task<OffsiteRunDto> RunAsync(string name, Action<int>? rcloneStarted = null, Action<OffsiteProgressDto>? progress = null) =>
        Backup(rcloneStarted).RunAsync(Store.Find(name)!, "test", progress ?? (_ => { }), CancellationToken.None);

    /// <summary><c>pivault restore --from-remote NAME --rclone-config FILE --data-dir NEW</c>, in process; returns the new data folder.</summary>
    public (int Code, string Output, string Error, string DataDir) Restore(string name)
    {
        // A parent of its own: the download folder made beside the data folder is this restore's alone (tests run in parallel).
        var parent = MigratedTemplate.NewFolder();
        restored.Add(parent);
        var dataDir = Path.Combine(parent, "data");
        var commandLine = CommandLine.Parse(["restore", "--from-remote", name, "--rclone-config", Paths.ConfigPath, "--data-dir", dataDir]);
        var options = OptionsLoader.Load(commandLine.Flags, _ => null);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RestoreCommand.RunAsync(options, commandLine, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString(), dataDir);
    }

    /// <summary>The library's originals: relative path → bytes.</summary>
    public static Dictionary<string, byte[]> Originals(string dataDir)
    {
        var library = Path.Combine(dataDir, "library");
        return Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(library, f))
            .Where(p => !p.StartsWith('.'))
            .ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(library, p)), StringComparer.Ordinal);
    }

    /// <summary>The household's facts, in one sorted list: assets with checksums, albums with members, people.</summary>
    public static List<string> Household(string databasePath)
    {
        using var db = new SqliteConnection($"Data Source={databasePath};Pooling=False;Mode=ReadOnly");
        db.Open();
        return db.Query("SELECT 'asset ' || id || ' ' || owner_id || ' ' || hex(checksum) || ' ' || original_path FROM assets "
            + "UNION ALL SELECT 'album ' || al.id || ' ' || al.name || ' ' || coalesce(aa.asset_id, '-') FROM albums al LEFT JOIN album_assets aa ON aa.album_id = al.id "
            + "UNION ALL SELECT 'person ' || id || ' ' || owner_id || ' ' || name FROM people ORDER BY 1;", r => r.GetString(0));
    }

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Immich's content identity, not a security control.")]
    public static string Sha1Hex(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        await Tier.DisposeAsync();
        foreach (var dir in restored)
        {
            SqliteConnection.ClearAllPools();
            TempDir.Delete(dir);
        }
    }

    private sealed class NeverWait : IOffsitePace
    {
        public string? WaitReason(OffsiteRemote remote) => null;
    }
}
