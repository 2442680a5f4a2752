using System.Xml;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>The XMP sidecar beside each original on the backup, read back with the BCL's XML parser.</summary>
public sealed class XmpSidecarTests
{
    [Fact]
    public async Task Each_original_gets_a_sidecar_with_its_date_place_description_favourite_and_albums_rewritten_only_when_they_change()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var taken = new DateTimeOffset(2025, 7, 14, 18, 30, 5, TimeSpan.Zero);
        var id = tier.Photo(owner, 1, taken);
        using (var db = tier.Database.Open())
        {
            PiVault.Server.Data.SqliteExtensions.Execute(db,
                "INSERT INTO asset_metadata (asset_id, date_source, latitude, longitude, utc_offset_minutes, description) VALUES ($id, 'exif', -33.8568, 151.2153, 600, $d);",
                ("$id", id), ("$d", "Opera House <at dusk> & \"friends\""));
        }
        tier.Get<AlbumService>().Create(owner, new CreateAlbumRequest("Sydney & Co", "", [id]));
        await fixture.BackupAsync();

        var path = XmpSidecar.PathFor(tier.Asset(id)!.OriginalPath);
        var file = Path.Combine(fixture.BackupRoot, "library", path);
        var xml = new XmlDocument();
        xml.Load(file);
        var ns = new XmlNamespaceManager(xml.NameTable);
        ns.AddNamespace("rdf", XmpSidecar.RdfNs);
        ns.AddNamespace("exif", XmpSidecar.ExifNs);
        ns.AddNamespace("dc", XmpSidecar.DcNs);
        ns.AddNamespace("pv", XmpSidecar.PiVaultNs);
        string Text(string xpath) => xml.SelectSingleNode(xpath, ns)?.InnerText ?? "(missing)";
        Assert.Equal("2025-07-15T04:30:05.000+10:00", Text("//exif:DateTimeOriginal"));
        Assert.Equal(("33,51.408000S", "151,12.918000E"), (Text("//exif:GPSLatitude"), Text("//exif:GPSLongitude")));
        Assert.Equal("Opera House <at dusk> & \"friends\"", Text("//dc:description/rdf:Alt/rdf:li"));
        Assert.Equal("False", Text("//pv:Favorite"));
        Assert.Equal("Sydney & Co", Text("//pv:Albums/rdf:Bag/rdf:li"));
        var line = Assert.Single(fixture.AllManifestLines(), l => l[0] == path);
        Assert.Equal((BackupFixture.Sha1Hex(file), id), (line[2], line[3]));

        // Unchanged facts: the sidecar is not written again; a new favourite: it is.
        var written = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, written.AddDays(-1));
        await fixture.BackupAsync();
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(file));
        using (var db = tier.Database.Open())
        {
            PiVault.Server.Data.SqliteExtensions.Execute(db, "UPDATE assets SET is_favorite = 1 WHERE id = $id;", ("$id", id));
        }
        await fixture.BackupAsync();
        xml.Load(file);
        Assert.Equal("True", Text("//pv:Favorite"));
        Assert.Equal(BackupFixture.Sha1Hex(file), Assert.Single(fixture.AllManifestLines(), l => l[0] == path)[2]);
    }
}
