using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>
/// Favourites are pinned to the fast drive: one that became a favourite after its original moved to the cold tier comes
/// back, through the same journal, with the same guarantees after a crash at any step.
/// </summary>
public sealed class TierMoveBackTests
{
    [Fact]
    public async Task A_photo_favourited_after_its_original_went_cold_comes_back_to_the_hot_library()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(4000, 21);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        await drive.Tier.RunJobsAsync();
        Assert.Equal(TierMoveOutcome.Moved, drive.Mover.MoveToCold(id, pinFavorites: true));
        var favorited = 0;
        drive.Tier.Get<TimelineService>().Favorited += () => favorited++;

        drive.Tier.Get<TimelineService>().SetFlags(drive.Owner, id, new UpdateAssetFlagsRequest(true, null));
        Assert.Equal(1, favorited); // what wakes the scheduler at once instead of at its next hour
        Assert.Equal(1, drive.Tier.Get<TieringScheduler>().QueueDue());
        await drive.Tier.RunJobsAsync();

        Assert.Equal(OriginalTier.Hot, drive.Tier.Asset(id)!.Tier);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.HotPath(path)));
        Assert.False(File.Exists(drive.ColdPath(path)));
        Assert.Equal(0, drive.JournalledMoves());
        Assert.Equal(drive.HotPath(path), drive.Tier.Get<AssetService>().Original(drive.Owner, id).FullPath);
        Assert.Equal(0, drive.Tier.Get<TieringScheduler>().QueueDue()); // a hot favourite stays where it is
    }

    [Fact]
    public async Task Without_pinning_a_cold_favourite_stays_cold()
    {
        await using var drive = new ColdDrive(s => s with { PinFavorites = false });
        var id = drive.Tier.Photo(drive.Owner, 1, ColdDrive.LongAgo);
        await drive.Tier.RunJobsAsync();
        drive.Mover.MoveToCold(id, pinFavorites: false);
        drive.Favourite(id);

        Assert.Equal(0, drive.Tier.Get<TieringScheduler>().QueueDue());
        await drive.Tier.Get<TieringJob>().RunAsync(id, CancellationToken.None);
        Assert.Equal(OriginalTier.Cold, drive.Tier.Asset(id)!.Tier);
    }

    public static TheoryData<TierMoveStep> Steps() => [.. Enum.GetValues<TierMoveStep>()];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_after_any_step_of_a_move_back_leaves_exactly_one_valid_referenced_copy_after_restart(TierMoveStep crashAfter)
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(70_000, 22);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.MoveToCold(id, pinFavorites: true);
        drive.Mover.AfterStep = (_, step) =>
        {
            if (step == crashAfter)
            {
                throw new SimulatedCrashException(step);
            }
        };

        Assert.Throws<SimulatedCrashException>(() => drive.Mover.MoveToHot(id));
        drive.Mover.AfterStep = null;
        drive.Tier.Get<UploadRecovery>().Run(); // what the next start does before the listener opens
        drive.Recovery.Run();

        var tier = drive.Tier.Asset(id)!.Tier;
        Assert.Equal(crashAfter >= TierMoveStep.Switched ? OriginalTier.Hot : OriginalTier.Cold, tier);
        var referenced = tier == OriginalTier.Hot ? drive.HotPath(path) : drive.ColdPath(path);
        var other = tier == OriginalTier.Hot ? drive.ColdPath(path) : drive.HotPath(path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(referenced));
        Assert.False(File.Exists(other), $"a second copy stayed at {other}");
        Assert.Empty(drive.Tier.Get<IFileStore>().EnumerateTemps());
        Assert.Equal(0, drive.JournalledMoves());

        // And the move back can simply run again.
        Assert.Equal(crashAfter >= TierMoveStep.Switched ? TierMoveOutcome.Skipped : TierMoveOutcome.Moved, drive.Mover.MoveToHot(id));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.HotPath(path)));
        Assert.DoesNotContain(drive.ColdFiles(), f => !f.StartsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cold_drive_that_is_away_leaves_the_favourite_cold_with_a_clear_error_and_it_comes_back_later()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(6000, 23);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        drive.Mover.MoveToCold(id, pinFavorites: true);
        drive.Favourite(id);
        drive.Unplug();

        var e = Assert.Throws<ColdTierUnavailableException>(() => drive.Mover.MoveToHot(id));
        Assert.Contains("not attached", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, drive.Tier.Get<TieringScheduler>().QueueDue());

        drive.PlugIn();
        Assert.Equal(TierMoveOutcome.Moved, drive.Mover.MoveToHot(id));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.HotPath(drive.Tier.Asset(id)!.OriginalPath)));
    }
}
