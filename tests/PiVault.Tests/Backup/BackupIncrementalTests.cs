using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>What a second, third… run copies, keeps, marks deleted and lets expire; and a run that is cut off.</summary>
public sealed class BackupIncrementalTests
{
    [Fact]
    public async Task A_second_backup_copies_only_new_photos_and_keeps_a_deleted_one_marked_deleted()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var first = Enumerable.Range(1, 3).Select(i => tier.Photo(owner, i)).ToList();
        var firstRun = new CountingCopier();
        Assert.Equal(3, (await fixture.BackupAsync(firstRun)).FilesCopied);
        Assert.Equal(3, firstRun.Copied.Count);

        var added = new[] { tier.Photo(owner, 4), tier.Photo(owner, 5) };
        var deletedPath = tier.Asset(first[0])!.OriginalPath;
        tier.Get<AssetService>().DeletePermanently(owner, first[0]);
        tier.Time.Advance(TimeSpan.FromDays(1));
        var secondRun = new CountingCopier();
        var report = await fixture.BackupAsync(secondRun);

        Assert.Equal(added.Select(id => Path.Combine(fixture.BackupRoot, "library", tier.Asset(id)!.OriginalPath)).Order(StringComparer.Ordinal),
            secondRun.Copied.Order(StringComparer.Ordinal));
        Assert.Equal((BackupReport.Succeeded, 2, 5, 1), (report.Result, report.FilesCopied, report.FilesOnBackup, report.FilesMarkedDeleted));
        var lines = fixture.ManifestLines();
        Assert.Equal(5, lines.Count);
        var deleted = Assert.Single(lines, l => l[4].Length > 0);
        Assert.Equal((deletedPath, first[0]), (deleted[0], deleted[3]));
        Assert.Equal(tier.Time.GetUtcNow(), DateTimeOffset.Parse(deleted[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(File.Exists(Path.Combine(fixture.BackupRoot, "library", deletedPath))); // the backup still has it
        foreach (var line in lines)
        {
            var file = Path.Combine(fixture.BackupRoot, "library", line[0]);
            Assert.Equal((new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), BackupFixture.Sha1Hex(file)), (line[1], line[2]));
        }

        // A third run marks nothing again and copies nothing; once the retention has passed the deleted file leaves the backup.
        tier.Time.Advance(TimeSpan.FromDays(30));
        var third = await fixture.BackupAsync(retention: TimeSpan.FromDays(60));
        Assert.Equal((0, 0, 0, 5), (third.FilesCopied, third.FilesMarkedDeleted, third.FilesExpired, third.FilesOnBackup));
        tier.Time.Advance(TimeSpan.FromDays(30));
        var fourth = await fixture.BackupAsync(retention: TimeSpan.FromDays(60));
        Assert.Equal((0, 1, 4), (fourth.FilesCopied, fourth.FilesExpired, fourth.FilesOnBackup));
        Assert.False(File.Exists(Path.Combine(fixture.BackupRoot, "library", deletedPath)));
        Assert.DoesNotContain(fixture.ManifestLines(), l => l[0] == deletedPath);
    }

    [Fact]
    public async Task A_cut_off_backup_leaves_the_previous_manifest_and_the_next_run_finishes_without_doubles_or_temp_files()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        for (var i = 1; i <= 3; i++)
        {
            tier.Photo(owner, i);
        }
        await fixture.BackupAsync();
        var manifestBefore = await File.ReadAllBytesAsync(fixture.ManifestPath);
        var databaseBefore = BackupFixture.Sha1Hex(Path.Combine(fixture.BackupRoot, "pivault.db"));
        for (var i = 4; i <= 8; i++)
        {
            tier.Photo(owner, i);
        }

        var cutOff = new CutOffCopier(copiesBeforeFailure: 2);
        var failure = await Assert.ThrowsAsync<IOException>(() => fixture.BackupAsync(cutOff));
        Assert.Contains("test cut-off", failure.Message, StringComparison.Ordinal);
        Assert.Equal(manifestBefore, await File.ReadAllBytesAsync(fixture.ManifestPath));
        Assert.Equal(databaseBefore, BackupFixture.Sha1Hex(Path.Combine(fixture.BackupRoot, "pivault.db")));
        Assert.StartsWith("failed: ", BackupTarget.ReadReport(BackupLayout.Under(fixture.Target))!.Result, StringComparison.Ordinal);

        var copier = new CountingCopier();
        var report = await fixture.BackupAsync(copier);

        Assert.Equal((BackupReport.Succeeded, 3, 8), (report.Result, report.FilesCopied, report.FilesOnBackup)); // the two already there were kept
        Assert.Equal(3, copier.Copied.Count);
        Assert.Equal(tier.LibraryFiles(), fixture.BackupFiles()); // each original once, no temp or half files anywhere
        Assert.Empty(Directory.EnumerateFiles(fixture.BackupRoot, "*" + BackupLayout.TempSuffix, SearchOption.AllDirectories));
        Assert.Equal(["backup.json", "library", "manifest.tsv", "pivault.db"],
            Directory.EnumerateFileSystemEntries(fixture.BackupRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(fixture.ManifestLines(), l => Assert.Equal(l[2], BackupFixture.Sha1Hex(Path.Combine(fixture.BackupRoot, "library", l[0]))));
    }

    [Fact]
    public async Task New_files_lost_in_a_power_cut_before_the_runs_flush_are_copied_again_and_never_trusted()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var first = Enumerable.Range(1, 2).Select(i => tier.Photo(owner, i)).ToList();
        await fixture.BackupAsync();
        var added = Enumerable.Range(3, 3).Select(i => tier.Photo(owner, i)).ToList();
        var manifestBefore = File.ReadAllText(fixture.ManifestPath);

        var cut = new PowerCutBeforeFlushCopier();
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.BackupAsync(cut));

        Assert.Equal(3, cut.WrittenUnsynced.Count); // the new originals only: nothing a manifest names was written that way
        Assert.Equal(manifestBefore, File.ReadAllText(fixture.ManifestPath)); // the previous backup is still the valid one
        var report = await fixture.BackupAsync();
        Assert.Equal((BackupReport.Succeeded, 3, 5), (report.Result, report.FilesCopied, report.FilesOnBackup));
        foreach (var id in first.Concat(added))
        {
            var asset = tier.Asset(id)!;
            var copy = Path.Combine(fixture.BackupRoot, "library", asset.OriginalPath);
            Assert.Equal(BackupFixture.Sha1Hex(Path.Combine(tier.Options.LibraryDir, asset.OriginalPath)), BackupFixture.Sha1Hex(copy));
        }
    }

    [Fact]
    public async Task A_missing_target_is_refused_with_a_reason_and_nothing_written()
    {
        await using var fixture = new BackupFixture();
        fixture.Tier.Photo(fixture.Tier.CreateUser("owner"), 1);
        var missing = Path.Combine(fixture.Target, "not-mounted");

        var e = await Assert.ThrowsAsync<BackupTargetException>(() => fixture.Service().RunAsync(missing, CancellationToken.None));

        Assert.Equal($"The backup target {missing} does not exist: is the drive plugged in and mounted?", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Target));
    }
}
