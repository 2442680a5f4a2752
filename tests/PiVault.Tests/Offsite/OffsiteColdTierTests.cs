using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Tiering;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>
/// Staging cold-tier originals for the off-site upload: on the data disk's own file system they are hard links (no
/// bytes copied, no space used), on another file system (a real tmpfs mount standing in for the cold drive) copies.
/// Link counts and inode numbers come from stat(1), not from the product.
/// </summary>
public sealed class OffsiteColdTierTests
{
    [Fact]
    public async Task A_cold_original_on_the_same_file_system_is_staged_as_a_hard_link()
    {
        using var s3 = new S3Server();
        await using var fixture = new OffsiteFixture(o => o with { ColdTierDir = Path.Combine(o.DataDir, "cold-drive") });
        var (cold, hot) = await RunWithOneColdOriginalAsync(fixture, s3);

        Assert.Equal(Stat(cold.Source).Inode, Stat(cold.Staged).Inode);
        Assert.True(Stat(cold.Staged).Links >= 2);
        Assert.Equal(Stat(hot.Source).Inode, Stat(hot.Staged).Inode);
    }

    [TmpfsFact]
    public async Task A_cold_original_on_another_file_system_is_copied_with_the_same_bytes()
    {
        using var s3 = new S3Server();
        using var drive = TmpfsMount.Create(megabytes: 16);
        await using var fixture = new OffsiteFixture(o => o with { ColdTierDir = drive.Path });
        var (cold, hot) = await RunWithOneColdOriginalAsync(fixture, s3);

        Assert.NotEqual(Stat(cold.Source).Device, Stat(cold.Staged).Device);
        Assert.Equal(1, Stat(cold.Staged).Links);
        Assert.Equal(await File.ReadAllBytesAsync(cold.Source), await File.ReadAllBytesAsync(cold.Staged));
        Assert.Equal(Stat(hot.Source).Inode, Stat(hot.Staged).Inode); // the hot one is still linked
    }

    /// <summary>Two photos, one moved to the cold tier, one good run; the cold and the hot original with their staged copies.</summary>
    private static async Task<((string Source, string Staged) Cold, (string Source, string Staged) Hot)> RunWithOneColdOriginalAsync(OffsiteFixture fixture, S3Server s3)
    {
        var tier = fixture.Tier;
        Directory.CreateDirectory(tier.Options.ColdTierDir!); // the cold drive, mounted
        var owner = tier.CreateUser("owner");
        var coldId = tier.Photo(owner, 1);
        var hotId = tier.Photo(owner, 2);
        Assert.Equal(TierMoveOutcome.Moved, tier.Get<TierMoveService>().MoveToCold(coldId, pinFavorites: false));
        await fixture.AddS3Async(s3, "cloud", encrypt: false);
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("cloud")).Outcome);

        var staged = Path.Combine(fixture.Paths.Layout("cloud").Root, "library");
        var coldPath = tier.Asset(coldId)!.OriginalPath;
        var hotPath = tier.Asset(hotId)!.OriginalPath;
        var coldSource = Path.Combine(tier.Options.ColdTierDir!, coldPath);
        Assert.True(File.Exists(coldSource), "the original is on the cold tier");
        Assert.False(File.Exists(Path.Combine(tier.Options.LibraryDir, coldPath)));
        return ((coldSource, Path.Combine(staged, coldPath)), (Path.Combine(tier.Options.LibraryDir, hotPath), Path.Combine(staged, hotPath)));
    }

    private static (long Device, long Inode, int Links) Stat(string path)
    {
        var (code, output) = Tool.Run("stat", "-c", "%d %i %h", path);
        Assert.True(code == 0, output);
        var parts = output.Trim().Split(' ');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
