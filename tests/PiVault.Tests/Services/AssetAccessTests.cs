using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.SharedLinks;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>
/// <see cref="AssetAccess"/>, through the services that use it: owners do everything, album members view, a share link
/// reaches exactly its photos, and everyone else gets "not found" (never "forbidden").
/// </summary>
public sealed class AssetAccessTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_owner_sees_their_asset_in_or_out_of_the_trash_and_its_thumbnail_once_made()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var assets = tier.Get<AssetService>();
        var bytes = Uploads.RandomBytes(2000, 1);
        var id = tier.Upload(owner, bytes, "a.jpg").Id;

        Assert.Contains("not made yet", ServiceTier.Refused(404, () => assets.Derived(owner, id, DerivedKind.Thumbnail)), StringComparison.Ordinal);
        await tier.RunJobsAsync();
        Assert.Equal(FakeThumbnailer.ThumbnailOf(bytes), File.ReadAllBytes(assets.Derived(owner, id, DerivedKind.Thumbnail).FullPath));
        assets.Trash(owner, id);
        Assert.True(assets.Get(owner, id).IsTrashed);
        Assert.Equal(bytes, File.ReadAllBytes(assets.Original(owner, id).FullPath));
        ServiceTier.Refused(400, () => assets.Get(owner, "../../etc/passwd"));
    }

    [Fact]
    public async Task An_album_member_views_the_albums_live_photos_and_changes_nothing()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var member = tier.CreateUser("member");
        var assets = tier.Get<AssetService>();
        var albums = tier.Get<AlbumService>();
        var bytes = Uploads.RandomBytes(2000, 1);
        var inAlbum = tier.Upload(owner, bytes, "in.jpg", May1).Id;
        var outside = tier.Photo(owner, 2, May1);
        var album = albums.Create(owner, new CreateAlbumRequest("Family", null, [inAlbum])).Id;
        albums.Share(owner, album, new ShareAlbumRequest([member.UserId], AlbumService.Editor));
        await tier.RunJobsAsync();

        Assert.Equal(owner.UserId, assets.Get(member, inAlbum).OwnerId);
        Assert.Equal(bytes, File.ReadAllBytes(assets.Original(member, inAlbum).FullPath));
        Assert.Equal(FakeThumbnailer.PreviewOf(bytes), File.ReadAllBytes(assets.Derived(member, inAlbum, DerivedKind.Preview).FullPath));
        Assert.Equal("Asset not found.", ServiceTier.Refused(404, () => assets.Get(member, outside)));
        // Even an editor of the album may only look at other people's photos.
        ServiceTier.Refused(404, () => assets.Trash(member, inAlbum));
        ServiceTier.Refused(404, () => assets.DeletePermanently(member, inAlbum));
        ServiceTier.Refused(404, () => tier.Get<TimelineService>().SetFlags(member, inAlbum, new UpdateAssetFlagsRequest(true, null)));
        Assert.Equal(AlbumAssetOutcome.NoPermission, Assert.Single(albums.AddAssetsEach(member, album, [outside])).Outcome);

        assets.Trash(owner, inAlbum);
        ServiceTier.Refused(404, () => assets.Get(member, inAlbum)); // trashed photos leave shared albums
        assets.Restore(owner, inAlbum);
        Assert.Equal(inAlbum, assets.Get(member, inAlbum).Id);
        albums.Unshare(member, album, member.UserId);
        ServiceTier.Refused(404, () => assets.Original(member, inAlbum));
        Assert.Equal(bytes, File.ReadAllBytes(assets.Original(owner, inAlbum).FullPath)); // leaving took nothing from the owner
    }

    [Fact]
    public async Task A_stranger_gets_not_found_for_everything_and_lists_nothing()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var stranger = tier.CreateUser("stranger");
        var assets = tier.Get<AssetService>();
        var id = tier.Photo(owner, 1, May1);
        var trashed = tier.Photo(owner, 2, May1);
        assets.Trash(owner, trashed);

        foreach (var act in new Action[]
        {
            () => assets.Get(stranger, id), () => assets.Original(stranger, id), () => assets.Derived(stranger, id, DerivedKind.Thumbnail),
            () => assets.Trash(stranger, id), () => assets.Restore(stranger, trashed), () => assets.DeletePermanently(stranger, id),
            () => assets.GetChange(stranger, id),
        })
        {
            Assert.Equal("Asset not found.", ServiceTier.Refused(404, act));
        }
        Assert.Equal(0, assets.ListTimeline(stranger, null, null).Total);
        Assert.Empty(assets.ListTrash(stranger));
        Assert.Empty(assets.FindByChecksums(stranger, [Convert.FromBase64String(assets.Get(owner, id).Checksum)]));
        Assert.Equal((false, true), (assets.Get(owner, id).IsTrashed, assets.Get(owner, trashed).IsTrashed)); // nothing changed
    }

    [Fact]
    public async Task A_share_link_reaches_exactly_its_photos_while_it_lasts()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var links = tier.Get<SharedLinkService>();
        var albums = tier.Get<AlbumService>();
        var selected = tier.Photo(owner, 1, May1);
        var inAlbum = tier.Photo(owner, 2, May1);
        var laterInAlbum = tier.Photo(owner, 3, May1);
        var unshared = tier.Photo(owner, 4, May1);
        var album = albums.Create(owner, new CreateAlbumRequest("Wedding", null, [inAlbum])).Id;
        var single = links.Create(owner, new CreateSharedLinkRequest("individual", null, [selected, "not-an-id"], null, null, null, AllowDownload: false));
        var whole = links.Create(owner, new CreateSharedLinkRequest("album", album, null, null, tier.Time.GetUtcNow().AddDays(1), null, null));
        albums.AddAssets(owner, album, new AlbumAssetsRequest([laterInAlbum]));
        await tier.RunJobsAsync();

        Assert.Equal([selected], links.View(single.Key, null).Assets.Select(a => a.Id));
        Assert.Equal(new[] { inAlbum, laterInAlbum }.Order(), links.View(whole.Key, null).Assets.Select(a => a.Id).Order());
        Assert.Equal(laterInAlbum, links.Original(whole.Key, null, laterInAlbum).Asset.Id); // the album as it is now
        ServiceTier.Refused(404, () => links.Original(whole.Key, null, selected));
        Assert.Equal("Asset not found.", ServiceTier.Refused(404, () => links.Derived(single.Key, null, unshared, DerivedKind.Thumbnail)));
        Assert.Equal(selected, links.Derived(single.Key, null, selected, DerivedKind.Thumbnail).Asset.Id); // viewing needs no download permission
        ServiceTier.Refused(403, () => links.Original(single.Key, null, selected));

        tier.Get<AssetService>().Trash(owner, inAlbum);
        ServiceTier.Refused(404, () => links.Original(whole.Key, null, inAlbum));
        albums.RemoveAssets(owner, album, new AlbumAssetsRequest([laterInAlbum]));
        ServiceTier.Refused(404, () => links.Original(whole.Key, null, laterInAlbum));
        tier.Time.Advance(TimeSpan.FromDays(1));
        ServiceTier.Refused(410, () => links.View(whole.Key, null));
        links.Delete(owner, single.Id);
        ServiceTier.Refused(404, () => links.View(single.Key, null));
    }

    [Fact]
    public async Task Links_are_made_only_from_the_callers_own_photos_and_albums()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var member = tier.CreateUser("member");
        var links = tier.Get<SharedLinkService>();
        var albums = tier.Get<AlbumService>();
        var photo = tier.Photo(owner, 1, May1);
        var album = albums.Create(owner, new CreateAlbumRequest("Family", null, [photo])).Id;
        albums.Share(owner, album, new ShareAlbumRequest([member.UserId], AlbumService.Editor));

        ServiceTier.Refused(400, () => links.Create(member, new CreateSharedLinkRequest("individual", null, [photo], null, null, null, null)));
        ServiceTier.Refused(403, () => links.Create(member, new CreateSharedLinkRequest("album", album, null, null, null, null, null)));
        ServiceTier.Refused(400, () => links.Create(owner, new CreateSharedLinkRequest("individual", null, [photo], null, tier.Time.GetUtcNow(), null, null)));
        ServiceTier.Refused(400, () => links.Create(owner, new CreateSharedLinkRequest("everything", null, null, null, null, null, null)));
        Assert.Empty(links.List(member));
    }
}
