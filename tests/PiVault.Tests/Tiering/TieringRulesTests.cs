using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Queue;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>Which originals move, the job on the storage queue, offline originals, and what else must follow the tier.</summary>
public sealed class TieringRulesTests
{
    [Fact]
    public async Task Due_are_old_originals_not_trashed_and_not_pinned_favourites()
    {
        await using var drive = new ColdDrive();
        var recent = drive.Tier.Photo(drive.Owner, 1, ServiceTier.DefaultStart.AddMonths(-2));
        var old = drive.Tier.Photo(drive.Owner, 2, ColdDrive.LongAgo);
        var favourite = drive.Tier.Upload(drive.Owner, Uploads.RandomBytes(2000, 3), "fav.jpg", ColdDrive.LongAgo.AddDays(1)).Id;
        drive.Favourite(favourite);
        var trashed = drive.Tier.Photo(drive.Owner, 4, ColdDrive.LongAgo);
        drive.Tier.Get<AssetService>().Trash(drive.Owner, trashed);
        var planner = drive.Tier.Get<TieringPlanner>();
        planner.HotSpace = () => (1000, 900); // 10 % full

        Assert.Equal([old], planner.Due());
        Assert.DoesNotContain(recent, planner.Due());
    }

    [Fact]
    public async Task Favourites_move_too_when_not_pinned()
    {
        await using var drive = new ColdDrive(s => s with { PinFavorites = false });
        var favourite = drive.Tier.Photo(drive.Owner, 3, ColdDrive.LongAgo);
        drive.Favourite(favourite);
        drive.Tier.Get<TieringPlanner>().HotSpace = () => (1000, 900);

        Assert.Equal([favourite], drive.Tier.Get<TieringPlanner>().Due());
    }

    [Fact]
    public async Task A_full_hot_drive_moves_the_oldest_first_until_it_is_below_the_threshold()
    {
        await using var drive = new ColdDrive(s => s with { AgeMonths = 1200, HotFillPercent = 80 });
        var oldest = drive.Tier.Photo(drive.Owner, 1, ServiceTier.DefaultStart.AddMonths(-3));
        var middle = drive.Tier.Photo(drive.Owner, 2, ServiceTier.DefaultStart.AddMonths(-2));
        drive.Tier.Photo(drive.Owner, 3, ServiceTier.DefaultStart.AddMonths(-1));
        var planner = drive.Tier.Get<TieringPlanner>();

        planner.HotSpace = () => (100_000, 20_000); // exactly at 80 %: nothing
        Assert.Empty(planner.Due());
        planner.HotSpace = () => (100_000, 17_000); // 3,000 bytes over: two photos of 2,000 bytes
        Assert.Equal([oldest, middle], planner.Due());
    }

    [Fact]
    public async Task The_storage_queue_moves_due_originals_under_the_job_runner()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(3000, 9);
        var old = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var recent = drive.Tier.Photo(drive.Owner, 10, ServiceTier.DefaultStart.AddDays(-1));
        drive.Tier.Get<TieringPlanner>().HotSpace = () => (1000, 900);
        await drive.Tier.RunJobsAsync(); // metadata and thumbnails first

        Assert.Equal(1, drive.Tier.Get<TieringScheduler>().QueueDue());
        await drive.Tier.RunJobsAsync();

        Assert.Equal(OriginalTier.Cold, drive.Tier.Asset(old)!.Tier);
        Assert.Equal(OriginalTier.Hot, drive.Tier.Asset(recent)!.Tier);
        Assert.Equal(JobKinds.StorageQueue, Server.Pipeline.JobSteps.Production.Of(JobKinds.TierCold).Queue);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.ColdPath(drive.Tier.Asset(old)!.OriginalPath)));
    }

    [Fact]
    public async Task Without_a_cold_tier_nothing_is_queued()
    {
        await using var drive = new ColdDrive(configured: false);
        drive.Tier.Photo(drive.Owner, 1, ColdDrive.LongAgo);

        Assert.Equal(0, drive.Tier.Get<TieringScheduler>().QueueDue());
    }

    [Fact]
    public async Task An_original_on_an_unplugged_cold_drive_is_offline_while_its_thumbnail_and_the_timeline_still_work()
    {
        await using var drive = new ColdDrive();
        var id = drive.Tier.Photo(drive.Owner, 1, ColdDrive.LongAgo);
        var hot = drive.Tier.Photo(drive.Owner, 2, ServiceTier.DefaultStart);
        await drive.Tier.RunJobsAsync();
        drive.Mover.MoveToCold(id, pinFavorites: true);
        drive.Unplug();
        var assets = drive.Tier.Get<AssetService>();

        Assert.True(assets.Get(drive.Owner, id).Offline);
        Assert.False(assets.Get(drive.Owner, hot).Offline);
        var e = Assert.Throws<OriginalOfflineException>(() => assets.Original(drive.Owner, id));
        Assert.Contains("cold drive, which is not attached", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(assets.Derived(drive.Owner, id, DerivedKind.Thumbnail).FullPath));
        Assert.Equal(2, assets.ListTimeline(drive.Owner, null, null).Items.Count);
        Assert.Equal(0, drive.Tier.Get<TieringScheduler>().QueueDue()); // nothing moves while the drive is away

        drive.PlugIn();
        Assert.False(assets.Get(drive.Owner, id).Offline);
        Assert.True(File.Exists(assets.Original(drive.Owner, id).FullPath));
    }

    [Fact]
    public async Task A_new_upload_never_takes_the_path_of_an_original_on_the_cold_tier()
    {
        await using var drive = new ColdDrive();
        var id = drive.Tier.Upload(drive.Owner, Uploads.RandomBytes(2000, 1), "same.jpg", ColdDrive.LongAgo).Id;
        drive.Mover.MoveToCold(id, pinFavorites: true);

        var second = drive.Tier.Upload(drive.Owner, Uploads.RandomBytes(2000, 2), "same.jpg", ColdDrive.LongAgo).Id;

        Assert.NotEqual(drive.Tier.Asset(id)!.OriginalPath, drive.Tier.Asset(second)!.OriginalPath);
        Assert.EndsWith("same+1.jpg", drive.Tier.Asset(second)!.OriginalPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_asset_for_good_removes_its_original_from_the_cold_drive()
    {
        await using var drive = new ColdDrive();
        var id = drive.Tier.Photo(drive.Owner, 1, ColdDrive.LongAgo);
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.MoveToCold(id, pinFavorites: true);

        drive.Tier.Get<AssetService>().DeletePermanently(drive.Owner, id);

        Assert.False(File.Exists(drive.ColdPath(path)));
    }
}
