using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>Moves to the cold tier against real folders: bytes kept, reads transparent, a crash after every step settled.</summary>
public sealed class TierMoveTests
{
    [Fact]
    public async Task A_moved_original_reads_the_same_bytes_from_the_cold_drive()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(5000, 7);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;

        Assert.Equal(TierMoveOutcome.Moved, drive.Mover.MoveToCold(id, pinFavorites: true));

        var asset = drive.Tier.Asset(id)!;
        Assert.Equal(OriginalTier.Cold, asset.Tier);
        Assert.Equal(path, asset.OriginalPath);
        Assert.False(File.Exists(drive.HotPath(path)));
        Assert.True(Directory.Exists(Path.Combine(drive.Root, ".tmp")), "the cold drive is marked with its .tmp");
        var (_, readPath) = drive.Tier.Get<AssetService>().Original(drive.Owner, id);
        Assert.Equal(drive.ColdPath(path), readPath);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(readPath));
        Assert.Equal(0, drive.JournalledMoves());
        Assert.False(drive.Tier.Get<AssetService>().Get(drive.Owner, id).Offline);
    }

    public static TheoryData<TierMoveStep> Steps() => [.. Enum.GetValues<TierMoveStep>()];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_after_any_step_leaves_exactly_one_valid_referenced_copy_after_restart(TierMoveStep crashAfter)
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(70_000, 3);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.AfterStep = (_, step) =>
        {
            if (step == crashAfter)
            {
                throw new SimulatedCrashException(step);
            }
        };

        Assert.Throws<SimulatedCrashException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));
        drive.Mover.AfterStep = null;
        drive.Recovery.Run(); // what the next start does before the listener opens

        var tier = drive.Tier.Asset(id)!.Tier;
        Assert.Equal(crashAfter >= TierMoveStep.Switched ? OriginalTier.Cold : OriginalTier.Hot, tier);
        var referenced = tier == OriginalTier.Cold ? drive.ColdPath(path) : drive.HotPath(path);
        var other = tier == OriginalTier.Cold ? drive.HotPath(path) : drive.ColdPath(path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(referenced));
        Assert.False(File.Exists(other), $"a second copy stayed at {other}");
        Assert.DoesNotContain(drive.ColdFiles(), f => f.StartsWith(".tmp/", StringComparison.Ordinal));
        Assert.Equal(0, drive.JournalledMoves());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.Tier.Get<AssetService>().Original(drive.Owner, id).FullPath));

        // And the move can simply run again.
        Assert.Equal(crashAfter >= TierMoveStep.Switched ? TierMoveOutcome.Skipped : TierMoveOutcome.Moved, drive.Mover.MoveToCold(id, pinFavorites: true));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.ColdPath(path)));
        Assert.Empty(drive.Tier.LibraryFiles());
    }

    [Fact]
    public async Task A_cold_drive_removed_mid_move_gives_a_clear_error_and_keeps_the_hot_original()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(50_000, 4);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.AfterStep = (_, step) =>
        {
            if (step == TierMoveStep.Copied)
            {
                Directory.Delete(drive.Root, recursive: true); // the drive is pulled: its folder is gone
            }
        };

        var e = Assert.Throws<ColdTierUnavailableException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));
        Assert.Contains("went away", e.Message, StringComparison.Ordinal);
        Assert.Contains("stays on the hot drive", e.Message, StringComparison.Ordinal);
        Assert.Equal(OriginalTier.Hot, drive.Tier.Asset(id)!.Tier);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.HotPath(path)));

        // Plugged in again (an empty new drive here), the same move resumes.
        drive.Mover.AfterStep = null;
        Directory.CreateDirectory(drive.Root);
        drive.Recovery.Run();
        Assert.Equal(TierMoveOutcome.Moved, drive.Mover.MoveToCold(id, pinFavorites: true));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.ColdPath(path)));
        Assert.Empty(drive.Tier.LibraryFiles());
    }

    [Fact]
    public async Task A_move_cut_off_while_the_drive_is_unplugged_waits_and_is_settled_when_it_is_back()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(9000, 5);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.AfterStep = (_, step) =>
        {
            if (step == TierMoveStep.Verified)
            {
                throw new SimulatedCrashException(step);
            }
        };
        Assert.Throws<SimulatedCrashException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));
        drive.Mover.AfterStep = null;
        drive.Unplug();

        var report = drive.Recovery.Run();
        Assert.Equal(1, report.Waiting);
        Assert.Equal(1, drive.JournalledMoves());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.Tier.Get<AssetService>().Original(drive.Owner, id).FullPath)); // the hot copy serves meanwhile
        Assert.Throws<ColdTierUnavailableException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));

        drive.PlugIn();
        Assert.Equal(1, drive.Recovery.Run().Undone);
        Assert.False(File.Exists(drive.ColdPath(path)));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.HotPath(path)));
        Assert.Equal(0, drive.JournalledMoves());
    }

    [Fact]
    public async Task Recovery_never_deletes_the_only_valid_copy()
    {
        await using var drive = new ColdDrive();
        var bytes = Uploads.RandomBytes(9000, 6);
        var id = drive.Tier.Upload(drive.Owner, bytes, "old.jpg", ColdDrive.LongAgo).Id;
        var path = drive.Tier.Asset(id)!.OriginalPath;
        drive.Mover.AfterStep = (_, step) =>
        {
            if (step == TierMoveStep.Verified)
            {
                throw new SimulatedCrashException(step);
            }
        };
        Assert.Throws<SimulatedCrashException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));
        File.Delete(drive.HotPath(path)); // the hot copy is lost (a bad sector, a hand): the verified cold one must win

        var report = drive.Recovery.Run();

        Assert.Equal(1, report.Finished);
        Assert.Equal(OriginalTier.Cold, drive.Tier.Asset(id)!.Tier);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(drive.ColdPath(path)));
    }
}
