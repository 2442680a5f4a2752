using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>
/// A backup run cut off after each of its steps (an injected crash): the drive still holds a valid backup (every file its
/// manifest names is there with that SHA-1), and the next run finishes it: every original byte for byte, the deleted one
/// kept and marked, no temp file left.
/// </summary>
public sealed class BackupCrashTests
{
    public static TheoryData<BackupStep> Steps() => [.. Enum.GetValues<BackupStep>()];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_run_cut_off_after_any_step_leaves_a_valid_backup_and_the_next_run_completes_it(BackupStep crashAfter)
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var kept = Enumerable.Range(1, 3).Select(i => tier.Photo(owner, i)).ToList();
        await fixture.BackupAsync();
        var added = new[] { tier.Photo(owner, 4), tier.Photo(owner, 5) };
        var deletedPath = tier.Asset(kept[0])!.OriginalPath;
        tier.Get<AssetService>().DeletePermanently(owner, kept[0]);
        tier.Time.Advance(TimeSpan.FromDays(1));

        var cut = new BackupService(tier.Database, tier.Options.LibraryDir, tier.Time, new DurableFileCopier(), BackupService.DefaultRetention)
        {
            AfterStep = step =>
            {
                if (step == crashAfter)
                {
                    throw new BackupCrashException(step);
                }
            },
        };
        await Assert.ThrowsAsync<BackupCrashException>(() => cut.RunAsync(fixture.Target, CancellationToken.None));

        AssertManifestHolds(fixture);
        Assert.True(File.Exists(Path.Combine(fixture.BackupRoot, "pivault.db")));

        var report = await fixture.BackupAsync();
        Assert.Equal((BackupReport.Succeeded, 5), (report.Result, report.FilesOnBackup));
        AssertManifestHolds(fixture);
        foreach (var id in kept.Skip(1).Concat(added))
        {
            var path = tier.Asset(id)!.OriginalPath;
            Assert.Equal(BackupFixture.Sha1Hex(Path.Combine(tier.Options.LibraryDir, path)), BackupFixture.Sha1Hex(Path.Combine(fixture.BackupRoot, "library", path)));
        }
        var deleted = Assert.Single(fixture.ManifestLines(), l => l[0] == deletedPath);
        Assert.NotEqual("", deleted[4]);
        Assert.DoesNotContain(BackupFixture.Files(fixture.BackupRoot), f => f.EndsWith(BackupLayout.TempSuffix, StringComparison.Ordinal));
    }

    /// <summary>Every file the manifest on the drive names is there with its size and SHA-1.</summary>
    private static void AssertManifestHolds(BackupFixture fixture)
    {
        foreach (var line in fixture.AllManifestLines())
        {
            var file = Path.Combine(fixture.BackupRoot, "library", line[0]);
            Assert.True(File.Exists(file), $"the manifest names {line[0]}, which is not on the drive");
            Assert.Equal((line[1], line[2]), (new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), BackupFixture.Sha1Hex(file)));
        }
    }
}

public sealed class BackupCrashException(BackupStep step) : Exception($"crash after {step}");
