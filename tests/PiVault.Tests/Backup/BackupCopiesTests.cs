using PiVault.Server.Features.Backup;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>The one rule for which files a backup run still writes, and how (<see cref="BackupCopies"/>), on a real folder.</summary>
public sealed class BackupCopiesTests : IDisposable
{
    private const string Path1 = "owner/2024/05/IMG_1.jpg";
    private static readonly byte[] Bytes = [1, 2, 3, 4, 5];
    private static readonly byte[] Sha1 = ContentChecksum.Of(Bytes);

    private readonly string drive = TempDir.Create();
    private readonly BackupLayout layout;

    public BackupCopiesTests()
    {
        layout = BackupLayout.Under(drive);
        Directory.CreateDirectory(Path.GetDirectoryName(layout.LibraryFile(Path1))!);
    }

    private static readonly Dictionary<string, BackupManifestEntry> None = [];

    public void Dispose() => TempDir.Delete(drive);

    [Fact]
    public void Unchanged_needs_the_manifest_line_with_the_same_sha1_and_the_file_at_that_size()
    {
        var line = new BackupManifestEntry(Path1, Bytes.Length, Sha1, "a1", null);
        var previous = new Dictionary<string, BackupManifestEntry> { [Path1] = line };

        Assert.False(BackupCopies.IsUnchanged(layout, previous, Path1, Sha1, out _)); // the file is not there
        File.WriteAllBytes(layout.LibraryFile(Path1), Bytes);
        Assert.True(BackupCopies.IsUnchanged(layout, previous, Path1, Sha1, out var kept));
        Assert.Same(line, kept);
        Assert.False(BackupCopies.IsUnchanged(layout, previous, Path1, ContentChecksum.Of([9]), out _)); // the content changed
        Assert.False(BackupCopies.IsUnchanged(layout, None, Path1, Sha1, out _)); // no manifest names it

        File.WriteAllBytes(layout.LibraryFile(Path1), [1, 2]); // cut short
        Assert.False(BackupCopies.IsUnchanged(layout, previous, Path1, Sha1, out _));
    }

    [Fact]
    public void A_write_is_new_replacing_or_not_needed_by_what_is_there_and_what_a_manifest_names()
    {
        var previous = new Dictionary<string, BackupManifestEntry> { [Path1] = new(Path1, 9, ContentChecksum.Of([9]), "a1", null) };

        Assert.Equal(BackupWrite.New, BackupCopies.WriteFor(layout, None, Path1, Sha1));
        Assert.Equal(BackupWrite.Replace, BackupCopies.WriteFor(layout, previous, Path1, Sha1));

        File.WriteAllBytes(layout.LibraryFile(Path1), [7, 7, 7]); // a leftover with other bytes: replaced durably
        Assert.Equal(BackupWrite.Replace, BackupCopies.WriteFor(layout, None, Path1, Sha1));

        File.WriteAllBytes(layout.LibraryFile(Path1), Bytes); // a cut-off run's copy, read back
        Assert.Equal(BackupWrite.AlreadyThere, BackupCopies.WriteFor(layout, None, Path1, Sha1));
        Assert.Equal(BackupWrite.AlreadyThere, BackupCopies.WriteFor(layout, previous, Path1, Sha1));
    }
}
