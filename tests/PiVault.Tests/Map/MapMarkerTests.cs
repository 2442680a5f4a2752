using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Map;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Map;

/// <summary>
/// The map's markers on the service tier: the caller's own photos with GPS and, when asked, those of albums shared with
/// them — never another user's otherwise, never trashed, hidden or locked ones; archived ones only when asked; style URLs.
/// </summary>
public sealed class MapMarkerTests
{
    [Fact]
    public async Task Markers_are_own_and_shared_album_photos_with_gps_only()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var placed = tier.Photo(ann, 1);
        var noGps = tier.Photo(ann, 2);
        var (trashed, hidden, locked, archived) = (tier.Photo(ann, 3), tier.Photo(ann, 4), tier.Photo(ann, 5), tier.Photo(ann, 6));
        var bobsShared = tier.Photo(bob, 7);
        var bobsPrivate = tier.Photo(bob, 8);
        using (var db = tier.Database.Open())
        {
            foreach (var id in new[] { placed, trashed, hidden, locked, archived, bobsShared, bobsPrivate })
            {
                db.Execute("INSERT INTO asset_metadata (asset_id, date_source, latitude, longitude, city, region, country) VALUES ($id, 'exif', 48.85, 2.35, 'Paris', '11', 'France');",
                    ("$id", id));
            }
            db.Execute("UPDATE assets SET deleted_at = 1 WHERE id = $id;", ("$id", trashed));
            db.Execute("UPDATE assets SET visibility = 'hidden' WHERE id = $id;", ("$id", hidden));
            db.Execute("UPDATE assets SET visibility = 'locked' WHERE id = $id;", ("$id", locked));
            db.Execute("UPDATE assets SET visibility = 'archive' WHERE id = $id;", ("$id", archived));
        }
        var albums = tier.Get<AlbumService>();
        var album = albums.Create(bob, new CreateAlbumRequest("Trip", null, [bobsShared]));
        albums.Share(bob, album.Id, new ShareAlbumRequest([ann.UserId], null));
        var map = tier.Get<MapService>();

        var own = Assert.Single(map.Markers(ann, new MapQuery()));
        Assert.Equal(new MapMarker(placed, 48.85, 2.35, "Paris", "11", "France"), own);
        Assert.Equal(new[] { placed, bobsShared }.Order(), map.Markers(ann, new MapQuery(WithSharedAlbums: true)).Select(m => m.Id).Order());
        Assert.Equal(new[] { placed, archived }.Order(), map.Markers(ann, new MapQuery(IsArchived: true)).Select(m => m.Id).Order());
        Assert.Empty(map.Markers(ann, new MapQuery(IsFavorite: true)));
        Assert.DoesNotContain(map.Markers(bob, new MapQuery(IsArchived: true, WithSharedAlbums: true)), m => m.Id == placed || m.Id == noGps);
    }

    [Fact]
    public async Task Style_urls_default_to_an_online_style_and_take_only_http_urls()
    {
        await using var tier = new ServiceTier();
        var map = tier.Get<MapService>();
        Assert.Equal(new MapStyles(MapService.DefaultLightStyle, MapService.DefaultDarkStyle), map.Styles());
        Assert.Equal("https://maps.example.org/light.json", map.SetStyles("https://maps.example.org/light.json", null).Light);
        ServiceTier.Refused(400, () => map.SetStyles("javascript:alert(1)", null));
        Assert.Equal(MapService.DefaultLightStyle, map.SetStyles("", null).Light);
        ServiceTier.Refused(400, () => map.ReverseGeocode(91, 0));
    }
}
