using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Drives;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>
/// The appliance's drives given roles while PiVault runs: the cold tier and the backup folders follow at once, and an
/// empty drive slot (nothing mounted there yet) is a missing drive, never a folder to fill on the system disk.
/// </summary>
public sealed class AssignedColdDriveTests
{
    private const string Uuid = "0b6f1a7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b";

    [Fact]
    public async Task A_drive_given_the_cold_role_becomes_the_cold_tier_and_is_not_written_before_it_is_mounted()
    {
        await using var drive = new ColdDrive(configured: false);
        var id = drive.Tier.Upload(drive.Owner, Uploads.RandomBytes(4000, 5), "old.jpg", ColdDrive.LongAgo).Id;
        var cold = drive.Tier.Get<ColdTierStore>();
        Assert.False(cold.IsConfigured);

        drive.Tier.Get<AssignedDrives>().Set([new DriveMount("cold", Uuid)]);

        Assert.True(cold.IsConfigured);
        Assert.Equal("/srv/pivault/cold", cold.Root);
        Assert.False(cold.IsAttached, "nothing is mounted at /srv/pivault/cold on a test machine");
        Assert.False(cold.MayStartEmpty);
        var existedBefore = Directory.Exists("/srv/pivault/cold");
        var refused = Assert.Throws<ColdTierUnavailableException>(() => drive.Mover.MoveToCold(id, pinFavorites: true));
        Assert.Contains("is not attached", refused.Message, StringComparison.Ordinal);
        Assert.Equal(existedBefore, Directory.Exists("/srv/pivault/cold"));
        Assert.Equal(OriginalTier.Hot, drive.Tier.Asset(id)!.Tier);
        Assert.True(File.Exists(drive.HotPath(drive.Tier.Asset(id)!.OriginalPath)));
    }

    [Fact]
    public async Task An_empty_drive_slot_is_a_missing_drive_while_an_empty_plain_folder_is_a_new_cold_tier()
    {
        var slot = TempDir.Create(); // exists and is empty, as /srv/pivault/cold is before systemd mounts the drive there
        try
        {
            await using var tier = new ServiceTier(overrides: s => s.AddSingleton(new ColdTierStore(() => new ColdTierPlace(slot, MountedDrive: true))));
            var owner = tier.CreateUser("owner");
            var id = tier.Upload(owner, Uploads.RandomBytes(4000, 6), "old.jpg", ColdDrive.LongAgo).Id;

            Assert.Throws<ColdTierUnavailableException>(() => tier.Get<TierMoveService>().MoveToCold(id, pinFavorites: true));

            Assert.Empty(Directory.EnumerateFileSystemEntries(slot));
            Assert.Equal(OriginalTier.Hot, tier.Asset(id)!.Tier);

            await using var plain = new ServiceTier(overrides: s => s.AddSingleton(new ColdTierStore(slot)));
            var other = plain.CreateUser("owner");
            var moved = plain.Upload(other, Uploads.RandomBytes(4000, 7), "old.jpg", ColdDrive.LongAgo).Id;
            Assert.Equal(TierMoveOutcome.Moved, plain.Get<TierMoveService>().MoveToCold(moved, pinFavorites: true));
        }
        finally
        {
            TempDir.Delete(slot);
        }
    }

    [Fact]
    public async Task A_plain_folder_stays_a_cold_tier_that_may_start_empty()
    {
        await using var drive = new ColdDrive();
        var cold = drive.Tier.Get<ColdTierStore>();

        drive.Tier.Get<AssignedDrives>().Set([new DriveMount("cold", Uuid)]); // --cold-tier-dir wins over a drive role

        Assert.Equal(drive.Root, cold.Root);
        Assert.True(cold.MayStartEmpty);
    }

    [Fact]
    public async Task Drives_given_the_backup_role_join_the_configured_backup_folders()
    {
        await using var drive = new ColdDrive(configured: false);
        var rotation = drive.Tier.Get<BackupRotation>();
        Assert.Empty(rotation.Targets());

        drive.Tier.Get<AssignedDrives>().Set([new DriveMount("backup2", Uuid), new DriveMount("backup1", "1b6f1a7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b")]);

        Assert.Equal(["/srv/pivault/backup1", "/srv/pivault/backup2"], rotation.Targets());
        var status = rotation.Status();
        Assert.All(status.Targets, t => Assert.False(t.Attached));
    }
}
