using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Features.Users;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>Album contents, cover, counts, members and roles, on the service tier.</summary>
public sealed class AlbumRulesTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_owner_fills_renames_covers_empties_and_deletes_an_album_and_the_photos_stay()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var albums = tier.Get<AlbumService>();
        var a = tier.Photo(owner, 1, May1);
        var b = tier.Photo(owner, 2, May1.AddDays(1));
        var notMine = tier.Photo(other, 3, May1);

        var album = albums.Create(owner, new CreateAlbumRequest("  Holiday ", null, [a, notMine, "not-an-id"]));
        Assert.Equal(("Holiday", 1, a), (album.Name, album.AssetCount, album.CoverAssetId)); // only the caller's own photos go in
        var added = albums.AddAssets(owner, album.Id, new AlbumAssetsRequest([a, b]));
        Assert.Equal(new AlbumAssetsResultDto(Changed: 1, AssetCount: 2), added);
        Assert.Equal((b, May1, May1.AddDays(1)), (albums.Get(owner, album.Id).CoverAssetId, albums.Get(owner, album.Id).StartAt, albums.Get(owner, album.Id).EndAt));

        var renamed = albums.Update(owner, album.Id, new UpdateAlbumRequest("Summer", null, a));
        Assert.Equal(("Summer", a), (renamed.Name, renamed.CoverAssetId));
        Assert.Equal("The cover must be a photo in this album.", ServiceTier.Refused(400, () => albums.Update(owner, album.Id, new UpdateAlbumRequest(null, null, notMine))));
        ServiceTier.Refused(400, () => albums.Update(owner, album.Id, new UpdateAlbumRequest(" ", null, null)));
        ServiceTier.Refused(400, () => albums.Update(owner, album.Id, new UpdateAlbumRequest(new string('x', 201), null, null)));
        ServiceTier.Refused(400, () => albums.Create(owner, new CreateAlbumRequest("ok", new string('x', 2001), null)));

        Assert.Equal([b, a], tier.Get<TimelineService>().Bucket(owner, "2024-05", null, album.Id).Select(t => t.Id)); // newest first
        Assert.Equal(new AlbumAssetsResultDto(Changed: 1, AssetCount: 1), albums.RemoveAssets(owner, album.Id, new AlbumAssetsRequest([a, notMine])));
        albums.Delete(owner, album.Id);
        Assert.Equal("Album not found.", ServiceTier.Refused(404, () => albums.Get(owner, album.Id)));
        Assert.Equal(2, tier.Get<AssetService>().ListTimeline(owner, null, null).Total);
    }

    [Fact]
    public async Task Counts_dates_and_the_default_cover_skip_trashed_photos()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var albums = tier.Get<AlbumService>();
        var older = tier.Photo(owner, 1, May1);
        var newest = tier.Photo(owner, 2, May1.AddDays(5));
        var id = albums.Create(owner, new CreateAlbumRequest("Trip", null, [older, newest])).Id;

        tier.Get<AssetService>().Trash(owner, newest);
        var album = albums.Get(owner, id);
        Assert.Equal((1, older, May1, May1), (album.AssetCount, album.CoverAssetId, album.StartAt, album.EndAt));
        tier.Get<AssetService>().Restore(owner, newest);
        Assert.Equal((2, newest), (albums.Get(owner, id).AssetCount, albums.Get(owner, id).CoverAssetId));
    }

    [Fact]
    public async Task Sharing_is_with_other_active_users_as_viewer_or_editor_and_members_see_the_album()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var viewer = tier.CreateUser("viewer");
        var editor = tier.CreateUser("editor");
        var stranger = tier.CreateUser("stranger");
        var disabled = tier.CreateUser("disabled");
        tier.Get<UserService>().SetDisabled(owner with { IsAdmin = true }, disabled.UserId, disabled: true);
        var albums = tier.Get<AlbumService>();
        var id = albums.Create(owner, new CreateAlbumRequest("Family", null, [tier.Photo(owner, 1, May1)])).Id;

        ServiceTier.Refused(400, () => albums.Share(owner, id, new ShareAlbumRequest([owner.UserId], null)));
        ServiceTier.Refused(400, () => albums.Share(owner, id, new ShareAlbumRequest([disabled.UserId], null)));
        ServiceTier.Refused(400, () => albums.Share(owner, id, new ShareAlbumRequest(["nobody"], null)));
        ServiceTier.Refused(400, () => albums.Share(owner, id, new ShareAlbumRequest([viewer.UserId], "owner")));
        albums.Share(owner, id, new ShareAlbumRequest([viewer.UserId], null));
        var shared = albums.Share(owner, id, new ShareAlbumRequest([editor.UserId], AlbumService.Editor));

        Assert.Equal([("editor", "editor"), ("viewer", "viewer")], shared.Members.Select(m => (m.Name, m.Role)).OrderBy(m => m.Name));
        Assert.Equal((false, "viewer"), (albums.Get(viewer, id).IsOwner, albums.Get(viewer, id).Role));
        Assert.Equal([id], albums.List(editor).Select(a => a.Id));
        Assert.Empty(albums.List(stranger));
        Assert.Equal("Album not found.", ServiceTier.Refused(404, () => albums.Get(stranger, id)));
        ServiceTier.Refused(404, () => albums.Get(owner, "not-an-id"));
        ServiceTier.Refused(404, () => tier.Get<TimelineService>().Buckets(stranger, null, id));
        Assert.Equal(["2024-05:1"], tier.Get<TimelineService>().Buckets(viewer, null, id).Select(b => $"{b.TimeBucket}:{b.Count}"));
        Assert.Empty(tier.Get<TimelineService>().Buckets(viewer, null, null)); // shared photos stay out of the member's own timeline
    }

    [Fact]
    public async Task A_viewer_may_only_look_and_leave_and_only_the_owner_manages_the_album()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var viewer = tier.CreateUser("viewer");
        var editor = tier.CreateUser("editor");
        var albums = tier.Get<AlbumService>();
        var photo = tier.Photo(owner, 1, May1);
        var id = albums.Create(owner, new CreateAlbumRequest("Family", null, [photo])).Id;
        albums.Share(owner, id, new ShareAlbumRequest([viewer.UserId], AlbumService.Viewer));
        albums.Share(owner, id, new ShareAlbumRequest([editor.UserId], AlbumService.Editor));
        var viewersPhoto = tier.Photo(viewer, 2, May1);

        foreach (var member in new[] { viewer, editor })
        {
            Assert.Equal("Only the album's owner can do this.", ServiceTier.Refused(403, () => albums.Update(member, id, new UpdateAlbumRequest("Mine", null, null))));
            ServiceTier.Refused(403, () => albums.Share(member, id, new ShareAlbumRequest([owner.UserId], null)));
            ServiceTier.Refused(403, () => albums.Delete(member, id));
        }
        ServiceTier.Refused(403, () => albums.AddAssets(viewer, id, new AlbumAssetsRequest([viewersPhoto])));
        ServiceTier.Refused(403, () => albums.RemoveAssets(viewer, id, new AlbumAssetsRequest([photo])));
        ServiceTier.Refused(403, () => albums.Unshare(viewer, id, editor.UserId)); // members cannot remove each other

        albums.Unshare(viewer, id, viewer.UserId); // leaving
        ServiceTier.Refused(404, () => albums.Get(viewer, id));
        Assert.Equal("That user is not a member of this album.", ServiceTier.Refused(404, () => albums.Unshare(owner, id, viewer.UserId)));
        albums.Unshare(owner, id, editor.UserId);
        Assert.Empty(albums.Get(owner, id).Members);
    }

    [Fact]
    public async Task An_editor_adds_and_removes_only_their_own_photos_and_the_owner_removes_anything()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var editor = tier.CreateUser("editor");
        var albums = tier.Get<AlbumService>();
        var ownersPhoto = tier.Photo(owner, 1, May1);
        var id = albums.Create(owner, new CreateAlbumRequest("Shared", null, [ownersPhoto])).Id;
        albums.Share(owner, id, new ShareAlbumRequest([editor.UserId], AlbumService.Editor));
        var editorsPhoto = tier.Photo(editor, 2, May1.AddDays(2));
        var editorsTrashed = tier.Photo(editor, 3, May1);
        tier.Get<AssetService>().Trash(editor, editorsTrashed);

        var added = albums.AddAssetsEach(editor, id, [editorsPhoto, ownersPhoto, editorsTrashed, "not-an-id"]);
        Assert.Equal([AlbumAssetOutcome.Changed, AlbumAssetOutcome.NoPermission, AlbumAssetOutcome.NoPermission, AlbumAssetOutcome.NoPermission],
            added.Select(r => r.Outcome));
        Assert.Equal(AlbumAssetOutcome.Duplicate, Assert.Single(albums.AddAssetsEach(editor, id, [editorsPhoto])).Outcome);
        Assert.Equal([AlbumAssetOutcome.NoPermission, AlbumAssetOutcome.NotFound],
            albums.RemoveAssetsEach(editor, id, [ownersPhoto, editorsTrashed]).Select(r => r.Outcome));
        Assert.Equal(2, albums.Get(owner, id).AssetCount);

        // The owner sees the editor's photo through the album, and may take it out.
        Assert.Equal(editor.UserId, tier.Get<AssetService>().Get(owner, editorsPhoto).OwnerId);
        Assert.Equal(AlbumAssetOutcome.Changed, Assert.Single(albums.RemoveAssetsEach(owner, id, [editorsPhoto])).Outcome);
        Assert.Equal([ownersPhoto], tier.Get<TimelineService>().Bucket(editor, "2024-05", null, id).Select(t => t.Id));
    }
}
