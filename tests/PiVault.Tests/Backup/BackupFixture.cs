using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>
/// A service tier with a folder standing in for the backup drive, and the backup service over the tier's real
/// database and library (its clock is the tier's). Checks go through the BCL's SHA-1 and plain file reads, never
/// the product's own helpers.
/// </summary>
public sealed class BackupFixture : IAsyncDisposable
{
    public BackupFixture()
    {
        Target = MigratedTemplate.NewFolder();
    }

    public ServiceTier Tier { get; } = new();

    /// <summary>The drive's mount point: the backup goes to <c>Target/pivault-backup</c>.</summary>
    public string Target { get; }

    public string BackupRoot => Path.Combine(Target, "pivault-backup");

    public string ManifestPath => Path.Combine(BackupRoot, "manifest.tsv");

    public BackupService Service(IBackupFileCopier? copier = null, TimeSpan? retention = null) =>
        new(Tier.Database, Tier.Options.LibraryDir, Tier.Time, copier ?? new DurableFileCopier(), retention ?? BackupService.DefaultRetention);

    public Task<BackupReport> BackupAsync(IBackupFileCopier? copier = null, TimeSpan? retention = null) =>
        Service(copier, retention).RunAsync(Target, CancellationToken.None);

    /// <summary>Uploads a corpus photo (its real bytes) and returns the asset id.</summary>
    public string CorpusPhoto(Server.Features.Auth.Caller owner, string relativePath)
    {
        var bytes = File.ReadAllBytes(Uploads.CorpusFile(relativePath));
        return Tier.Upload(owner, bytes, Path.GetFileName(relativePath)).Id;
    }

    /// <summary>Every original under the backup's library, relative to it (the XMP sidecars beside them left out).</summary>
    public List<string> BackupFiles() => Files(Path.Combine(BackupRoot, "library")).Where(p => !p.EndsWith(".xmp", StringComparison.Ordinal)).ToList();

    /// <summary>The manifest's lines of originals (header and sidecars excluded), each split into its five fields.</summary>
    public List<string[]> ManifestLines() => AllManifestLines().Where(l => !l[0].EndsWith(".xmp", StringComparison.Ordinal)).ToList();

    /// <summary>Every manifest line, the sidecars' too.</summary>
    public List<string[]> AllManifestLines() => File.ReadAllLines(ManifestPath).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();

    public static List<string> Files(string root) => Directory.Exists(root)
        ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal).ToList()
        : [];

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Immich's content identity, not a security control.")]
    public static string Sha1Hex(string path) => Convert.ToHexStringLower(SHA1.HashData(File.ReadAllBytes(path)));

    public async ValueTask DisposeAsync()
    {
        await Tier.DisposeAsync();
        TempDir.Delete(Target);
    }
}

/// <summary>The real copier, cut off after <paramref name="copiesBeforeFailure"/> files as by a power cut: the next file is left half written as a temp file.</summary>
public sealed class CutOffCopier(int copiesBeforeFailure) : IBackupFileCopier
{
    private readonly DurableFileCopier real = new();

    public int Copies { get; private set; }

    public void Copy(string source, string target)
    {
        if (Copies == copiesBeforeFailure)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = File.ReadAllBytes(source);
            File.WriteAllBytes(BackupLayout.TempFor(target), bytes.AsSpan(0, bytes.Length / 2).ToArray());
            throw new IOException("The drive went away (test cut-off).");
        }
        real.Copy(source, target);
        Copies++;
    }
}

/// <summary>The real copier, counting the files it copies.</summary>
public sealed class CountingCopier : IBackupFileCopier
{
    private readonly DurableFileCopier real = new();

    public List<string> Copied { get; } = [];

    public void Copy(string source, string target)
    {
        real.Copy(source, target);
        Copied.Add(target);
    }
}

/// <summary>
/// The real copier, but the run's one flush (<see cref="IBackupFileCopier.Settle"/>) never happens: the power goes first,
/// and the new files written without their own fsync come back empty, as a power cut may leave them.
/// </summary>
public sealed class PowerCutBeforeFlushCopier : IBackupFileCopier
{
    private readonly DurableFileCopier real = new();

    public List<string> WrittenUnsynced { get; } = [];

    public void Copy(string source, string target) => real.Copy(source, target);

    public void CopyNew(string source, string target)
    {
        real.CopyNew(source, target);
        WrittenUnsynced.Add(target);
    }

    public void Settle(string backupRoot)
    {
        foreach (var file in WrittenUnsynced)
        {
            File.WriteAllBytes(file, []);
        }
        throw new IOException("The power went (test).");
    }
}
