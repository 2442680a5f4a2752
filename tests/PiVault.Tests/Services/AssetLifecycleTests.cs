using PiVault.Server.Features.Assets;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>Upload dedupe, trash, restore, permanent delete, expiry and paging, on the service tier.</summary>
public sealed class AssetLifecycleTests
{
    [Fact]
    public async Task The_same_bytes_are_one_asset_per_user_and_a_new_asset_for_another_user()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var bytes = Uploads.RandomBytes(3000, 1);

        var first = tier.Upload(owner, bytes, "a.jpg");
        var again = tier.Upload(owner, bytes, "renamed.jpg");
        var othersCopy = tier.Upload(other, bytes, "a.jpg");

        Assert.Equal((UploadStatus.Created, UploadStatus.Duplicate, UploadStatus.Created), (first.Status, again.Status, othersCopy.Status));
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, othersCopy.Id);
        // One original per user, filed under the upload month (the fake clock's March 2026).
        Assert.Equal(new[] { $"{owner.UserId}/2026/03/a.jpg", $"{other.UserId}/2026/03/a.jpg" }.Order(StringComparer.Ordinal), tier.LibraryFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(tier.Options.LibraryDir, ".tmp"))); // the duplicate's temp file is gone
        Assert.Equal(["uploaded"], tier.Notifier.About(first.Id)); // the duplicate announced nothing
        Assert.Equal(Convert.ToBase64String(ServiceTier.Sha1(bytes)), tier.Get<AssetService>().Get(owner, first.Id).Checksum);
    }

    [Fact]
    public async Task Trashed_bytes_are_still_a_duplicate_and_permanently_deleted_bytes_are_new_again()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var bytes = Uploads.RandomBytes(3000, 1);
        var id = tier.Upload(owner, bytes, "a.jpg").Id;

        assets.Trash(owner, id);
        Assert.Equal(new UploadResultDto(id, UploadStatus.Duplicate), tier.Upload(owner, bytes, "a.jpg"));
        Assert.True(assets.Get(owner, id).IsTrashed); // answering "duplicate" does not restore it

        assets.DeletePermanently(owner, id);
        var reborn = tier.Upload(owner, bytes, "a.jpg");
        Assert.Equal(UploadStatus.Created, reborn.Status);
        Assert.NotEqual(id, reborn.Id);
    }

    [Fact]
    public async Task Trash_hides_an_asset_keeps_its_original_and_restore_brings_it_back()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var id = tier.Photo(owner, 1);
        var kept = tier.Photo(owner, 2);
        var trashedAt = tier.Time.GetUtcNow();

        assets.Trash(owner, id);
        tier.Time.Advance(TimeSpan.FromHours(1));
        assets.Trash(owner, id); // again: nothing changes, the expiry clock does not restart
        var trash = Assert.Single(assets.ListTrash(owner));
        Assert.Equal((id, true, trashedAt), (trash.Id, trash.IsTrashed, trash.DeletedAt));
        Assert.Equal([kept], assets.ListTimeline(owner, null, null).Items.Select(a => a.Id));
        Assert.Equal(2, tier.LibraryFiles().Count);

        assets.Restore(owner, id);
        Assert.Empty(assets.ListTrash(owner));
        Assert.Equal(2, assets.ListTimeline(owner, null, null).Total);
        Assert.Equal(["uploaded", "trashed", "restored"], tier.Notifier.About(id));
    }

    [Fact]
    public async Task Permanent_delete_and_empty_trash_remove_the_row_the_original_and_the_thumbnails()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var first = tier.Photo(owner, 1, fileName: "a.jpg");
        var second = tier.Photo(owner, 2, fileName: "b.jpg");
        var kept = tier.Photo(owner, 3, fileName: "c.jpg");
        await tier.RunJobsAsync();
        var derived = tier.Get<DerivedFileStore>();
        Assert.True(File.Exists(derived.PathFor(owner.UserId, first, DerivedKind.Thumbnail)));

        assets.DeletePermanently(owner, first);
        Assert.Equal(404, Assert.Throws<PiVault.Server.Http.ApiException>(() => assets.Get(owner, first)).Status);
        assets.Trash(owner, second);
        Assert.Equal(1, assets.EmptyTrash(owner).Count);

        Assert.Equal(["c.jpg"], tier.LibraryFiles().Select(Path.GetFileName));
        foreach (var gone in new[] { first, second })
        {
            Assert.Null(tier.Asset(gone));
            Assert.False(File.Exists(derived.PathFor(owner.UserId, gone, DerivedKind.Thumbnail)));
            Assert.False(File.Exists(derived.PathFor(owner.UserId, gone, DerivedKind.Preview)));
            Assert.Equal("deleted", tier.Notifier.About(gone)[^1]);
        }
        Assert.True(File.Exists(derived.PathFor(owner.UserId, kept, DerivedKind.Preview)));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(7)]
    public async Task Trash_older_than_the_configured_days_is_emptied_and_younger_trash_stays(int days)
    {
        await using var tier = new ServiceTier(configure: o => o with { TrashDays = days });
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var old = tier.Photo(owner, 1, fileName: "old.jpg");
        var young = tier.Photo(owner, 2, fileName: "young.jpg");
        assets.Trash(owner, old);
        tier.Time.Advance(TimeSpan.FromDays(days) / 2);
        assets.Trash(owner, young);

        tier.Time.Advance(TimeSpan.FromDays(days) / 2 - TimeSpan.FromMinutes(1));
        Assert.Equal(0, assets.PurgeExpiredTrash());
        tier.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, assets.PurgeExpiredTrash());

        Assert.Null(tier.Asset(old));
        Assert.Equal([young], assets.ListTrash(owner).Select(a => a.Id));
        Assert.Equal(["young.jpg"], tier.LibraryFiles().Select(Path.GetFileName));
    }

    [Fact]
    public async Task Restore_all_and_empty_trash_touch_only_the_callers_own_trash()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var assets = tier.Get<AssetService>();
        var mine = Enumerable.Range(1, 3).Select(i => tier.Photo(owner, i)).ToList();
        var theirs = tier.Photo(other, 10);
        mine.ForEach(id => assets.Trash(owner, id));
        assets.Trash(other, theirs);

        Assert.Equal(3, assets.RestoreAll(owner).Count);
        Assert.Equal(3, assets.ListTimeline(owner, null, null).Total);
        Assert.Equal(0, assets.EmptyTrash(owner).Count);
        Assert.Equal([theirs], assets.ListTrash(other).Select(a => a.Id));
    }

    [Fact]
    public async Task The_timeline_list_pages_newest_first_without_trash_and_refuses_bad_pages()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var day = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 6).Select(i => tier.Photo(owner, i, day.AddDays(i))).ToList();
        assets.Trash(owner, ids[5]);
        var newestFirst = Enumerable.Range(0, 5).Reverse().Select(i => ids[i]).ToList();

        var page1 = assets.ListTimeline(owner, 1, 2);
        var page3 = assets.ListTimeline(owner, 3, 2);
        Assert.Equal((5L, 2), (page1.Total, page1.NextPage));
        Assert.Equal(newestFirst[..2], page1.Items.Select(a => a.Id));
        Assert.Equal(newestFirst[4..], page3.Items.Select(a => a.Id));
        Assert.Null(page3.NextPage);
        Assert.Equal(day.AddDays(4), page1.Items[0].TakenAt); // the client's capture time until metadata says otherwise

        ServiceTier.Refused(400, () => assets.ListTimeline(owner, 0, 10));
        ServiceTier.Refused(400, () => assets.ListTimeline(owner, 1, AssetService.MaxPageSize + 1));
    }
}
