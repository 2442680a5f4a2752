using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>Re-reading the backup: a flipped byte is caught and named; the sample rotates over the older files.</summary>
public sealed class BackupVerificationTests
{
    [Fact]
    public async Task A_corrupted_file_on_the_backup_fails_the_next_run_naming_it_and_the_run_after_repairs_it()
    {
        await using var fixture = new BackupFixture();
        var owner = fixture.Tier.CreateUser("owner");
        for (var i = 1; i <= 4; i++)
        {
            fixture.Tier.Photo(owner, i);
        }
        await fixture.BackupAsync();
        var manifestBefore = await File.ReadAllBytesAsync(fixture.ManifestPath);
        var victim = fixture.BackupFiles()[2];
        BackupRestoreTests.FlipOneByte(Path.Combine(fixture.BackupRoot, "library", victim));

        var e = await Assert.ThrowsAsync<BackupVerificationException>(() => fixture.BackupAsync()); // 4 files: all in the sample

        Assert.Equal(victim, e.RelativePath);
        Assert.StartsWith($"Verification failed: {victim} on the backup has SHA-1 ", e.Message, StringComparison.Ordinal);
        Assert.Equal(manifestBefore, await File.ReadAllBytesAsync(fixture.ManifestPath));
        Assert.StartsWith($"failed: Verification failed: {victim}", BackupTarget.ReadReport(BackupLayout.Under(fixture.Target))!.Result, StringComparison.Ordinal);

        var repaired = await fixture.BackupAsync();
        Assert.Equal((BackupReport.Succeeded, 1), (repaired.Result, repaired.FilesCopied));
        Assert.Equal(BackupFixture.Sha1Hex(Path.Combine(fixture.Tier.Options.LibraryDir, victim)), BackupFixture.Sha1Hex(Path.Combine(fixture.BackupRoot, "library", victim)));
    }

    [Fact]
    public void The_sample_is_two_percent_or_at_least_twenty_and_continues_after_the_last_path()
    {
        var entries = Enumerable.Range(0, 2000).Select(i => new BackupManifestEntry($"u/2026/01/{i:D4}.jpg", 1, new byte[20], "a", null)).ToList();

        var first = BackupVerifier.Sample(entries, cursor: null);
        var second = BackupVerifier.Sample(entries, first[^1].Path);
        var small = BackupVerifier.Sample(entries.Take(30).ToList(), cursor: null);
        var wrapped = BackupVerifier.Sample(entries.Take(30).ToList(), "u/2026/01/0025.jpg");

        Assert.Equal((40, "u/2026/01/0000.jpg", "u/2026/01/0039.jpg"), (first.Count, first[0].Path, first[^1].Path));
        Assert.Equal(("u/2026/01/0040.jpg", "u/2026/01/0079.jpg"), (second[0].Path, second[^1].Path));
        Assert.Equal(20, small.Count);
        Assert.Equal(["u/2026/01/0026.jpg", "u/2026/01/0027.jpg", "u/2026/01/0028.jpg", "u/2026/01/0029.jpg", "u/2026/01/0000.jpg"], wrapped.Take(5).Select(e => e.Path));
        Assert.Empty(BackupVerifier.Sample([], "x"));
    }
}
