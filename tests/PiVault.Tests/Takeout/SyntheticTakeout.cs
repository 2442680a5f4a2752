using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Takeout;

/// <summary>What the test expects of one photo or video of the synthetic export.</summary>
public sealed record ExpectedPhoto(
    string Name, byte[] Bytes, DateTimeOffset? TakenAt, double? Latitude, double? Longitude, string? Description, bool Favorite, bool Archived);

/// <summary>
/// A Google Takeout export built by the tests from corpus photos, with sidecars named and placed the way Google does,
/// split over a .zip and a .tgz part: every naming quirk (46/47-character cuts, "(1)" before and after the extension,
/// -edited and localised edited copies, .supplemental-metadata and its cuts, a sidecar in the other part than its photo),
/// album folders with metadata.json titles, a year folder, an iPhone Live Photo pair, and entries to skip.
/// </summary>
public sealed class SyntheticTakeout
{
    public const string Year2019 = "Takeout/Google Photos/Photos from 2019";
    public const string Year2020 = "Takeout/Google Photos/Photos from 2020";
    public const string ParisFolder = "Takeout/Google Photos/Trip to Paris_ok";
    public const string VacationFolder = "Takeout/Google Photos/Vacation";
    public const string ParisTitle = "Paris 2019";

    /// <summary>A name longer than Google keeps: its sidecar's name is cut at 46 characters.</summary>
    public const string LongName = "PXL_20190704_183011123.PORTRAIT-01.COVER_and_more.jpg";

    public const string SupplementalCutName = "IMG_20190801_123456789_HDR.jpg";

    private readonly List<(string Path, byte[] Bytes)> zip = [];
    private readonly List<(string Path, byte[] Bytes)> tgz = [];

    public List<ExpectedPhoto> Photos { get; } = [];

    /// <summary>Paths the import must skip (not media, or JSON without media).</summary>
    public List<string> Skipped { get; } = [];

    public static SyntheticTakeout Build()
    {
        var t = new SyntheticTakeout();
        var d = (int y, int mo, int day) => new DateTimeOffset(y, mo, day, 10, 30, 0, TimeSpan.Zero);

        // The plain case, favourite, GPS; its album copy (same bytes) is in the other part and joins "Paris 2019".
        var eiffel = t.Photo(t.zip, Year2019, "IMG_0001.jpg", "exif-samples/jpg/Canon_40D.jpg", d(2019, 5, 1), 48.8584, 2.2945, "Eiffel tower", favorite: true);
        t.Json(t.zip, Year2019, "IMG_0001.jpg.json", Sidecar("IMG_0001.jpg", d(2019, 5, 1), (48.8584, 2.2945), null, "Eiffel tower", favorite: true));
        t.tgz.Add(($"{ParisFolder}/IMG_0001.jpg", eiffel));
        t.Json(t.zip, ParisFolder, "IMG_0001.jpg.json", Sidecar("IMG_0001.jpg", d(2019, 5, 1), (48.8584, 2.2945), null, "Eiffel tower", favorite: true));
        t.Json(t.tgz, ParisFolder, "metadata.json", $$"""{"title":"{{ParisTitle}}","description":"","access":"protected"}""");

        // "(1)" after the extension in the sidecar's name, beside the un-numbered photo of the same name.
        t.Photo(t.zip, Year2019, "IMG_0002.jpg", "exif-samples/jpg/Pentax_K10D.jpg", d(2019, 6, 1), null, null, null);
        t.Json(t.zip, Year2019, "IMG_0002.jpg.json", Sidecar("IMG_0002.jpg", d(2019, 6, 1), null, null, null));
        t.Photo(t.zip, Year2019, "IMG_0002(1).jpg", "exif-samples/jpg/Nikon_D70.jpg", d(2019, 6, 2), 51.5007, -0.1246, null);
        t.Json(t.zip, Year2019, "IMG_0002.jpg(1).json", Sidecar("IMG_0002.jpg", d(2019, 6, 2), (51.5007, -0.1246), null, null));

        // "(1)" before the extension in the sidecar's name.
        t.Photo(t.zip, Year2019, "IMG_0003(1).jpg", "exif-samples/jpg/Panasonic_DMC-FZ30.jpg", d(2019, 6, 3), null, null, "numbered");
        t.Json(t.zip, Year2019, "IMG_0003(1).jpg.json", Sidecar("IMG_0003.jpg", d(2019, 6, 3), null, null, "numbered"));

        // A long name: the sidecar's name is the media name cut to 46 characters.
        t.Photo(t.zip, Year2019, LongName, "exif-samples/jpg/Konica_Minolta_DiMAGE_Z3.jpg", d(2019, 7, 4), null, null, "portrait");
        t.Json(t.zip, Year2019, LongName[..46] + ".json", Sidecar(LongName, d(2019, 7, 4), null, null, "portrait"));

        // .supplemental-metadata.json, in the zip; its photo is in the tgz. geoData 0,0 falls back to geoDataExif.
        t.Photo(t.tgz, Year2019, "IMG_0005.jpg", "exif-samples/jpg/Olympus_C8080WZ.jpg", d(2019, 8, 5), 40.6892, -74.0445, null);
        t.Json(t.zip, Year2019, "IMG_0005.jpg.supplemental-metadata.json", Sidecar("IMG_0005.jpg", d(2019, 8, 5), (0, 0), (40.6892, -74.0445), null));

        // .supplemental-metadata cut short by the 51-character limit.
        t.Photo(t.zip, Year2019, SupplementalCutName, "exif-samples/jpg/Sony_HDR-HC3.jpg", d(2019, 8, 1), null, null, "hdr");
        t.Json(t.zip, Year2019, (SupplementalCutName + ".supplemental-metadata")[..46] + ".json", Sidecar(SupplementalCutName, d(2019, 8, 1), null, null, "hdr"));

        // Edited copies, English and localised: each is its own asset with the original's sidecar.
        t.Photo(t.zip, Year2019, "IMG_0006.jpg", "exif-samples/jpg/Canon_PowerShot_S40.jpg", d(2019, 9, 9), null, null, "sunset");
        t.Photo(t.zip, Year2019, "IMG_0006-edited.jpg", "exif-samples/jpg/Canon_PowerShot_S40.jpg", d(2019, 9, 9), null, null, "sunset", variant: 1);
        t.Json(t.zip, Year2019, "IMG_0006.jpg.json", Sidecar("IMG_0006.jpg", d(2019, 9, 9), null, null, "sunset"));
        t.Photo(t.tgz, Year2019, "IMG_0007-bearbeitet.jpg", "exif-samples/jpg/Canon_DIGITAL_IXUS_400.jpg", d(2019, 10, 1), null, null, "bearbeitet", variant: 1);
        t.Json(t.zip, Year2019, "IMG_0007.jpg.json", Sidecar("IMG_0007.jpg", d(2019, 10, 1), null, null, "bearbeitet"));
        t.Photo(t.zip, Year2019, "IMG_0008-modifié.jpg", "exif-samples/jpg/Fujifilm_FinePix_E500.jpg", d(2019, 11, 1), null, null, "modifié", variant: 1);
        t.Json(t.zip, Year2019, "IMG_0008.jpg.json", Sidecar("IMG_0008.jpg", d(2019, 11, 1), null, null, "modifié"));

        // Archived in Google Photos.
        t.Photo(t.zip, Year2019, "IMG_0009.jpg", "exif-samples/jpg/Ricoh_Caplio_RR330.jpg", d(2019, 12, 1), null, null, null, archived: true);
        t.Json(t.zip, Year2019, "IMG_0009.jpg.json", Sidecar("IMG_0009.jpg", d(2019, 12, 1), null, null, null, archived: true));

        // An album folder without metadata.json: the folder's name is the title.
        t.Photo(t.tgz, VacationFolder, "IMG_0010.jpg", "exif-samples/jpg/PaintTool_sample.jpg", d(2020, 7, 1), null, null, "beach");
        t.Json(t.tgz, VacationFolder, "IMG_0010.jpg.json", Sidecar("IMG_0010.jpg", d(2020, 7, 1), null, null, "beach"));

        // An iPhone Live Photo: the still and its video share a base name and the still's sidecar.
        t.Photo(t.tgz, Year2020, "IMG_5195.HEIC", "exif-samples/heic/IMG_5195.HEIC", d(2020, 3, 3), 35.6586, 139.7454, null);
        t.Photo(t.tgz, Year2020, "IMG_5195.MOV", "exiftool-t-images/QuickTime.mov", d(2020, 3, 3), 35.6586, 139.7454, null);
        t.Json(t.tgz, Year2020, "IMG_5195.HEIC.json", Sidecar("IMG_5195.HEIC", d(2020, 3, 3), (35.6586, 139.7454), null, null));

        // What the import skips: JSON without media, a file that is no photo, Google's own index page.
        t.Json(t.zip, Year2019, "IMG_9999.jpg.json", Sidecar("IMG_9999.jpg", d(2019, 1, 1), null, null, null));
        t.Skipped.Add($"{Year2019}/IMG_9999.jpg.json");
        t.zip.Add(($"{Year2019}/notes.txt", Encoding.UTF8.GetBytes("not a photo at all, just some words\n")));
        t.Skipped.Add($"{Year2019}/notes.txt");
        t.tgz.Add(("Takeout/archive_browser.html", Encoding.UTF8.GetBytes("<!doctype html><html><body>index</body></html>")));
        t.Skipped.Add("Takeout/archive_browser.html");
        return t;
    }

    /// <summary>Writes part 1 (.zip) and part 2 (.tgz) into <paramref name="folder"/> and returns their paths.</summary>
    public (string Zip, string Tgz) WriteTo(string folder)
    {
        var zipPath = Path.Combine(folder, "takeout-20240101T000000Z-001.zip");
        using (var file = File.Create(zipPath))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (path, bytes) in zip)
            {
                using var entry = archive.CreateEntry(path, CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        }
        var tgzPath = Path.Combine(folder, "takeout-20240101T000000Z-002.tgz");
        using (var file = File.Create(tgzPath))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (path, bytes) in tgz)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(bytes) });
            }
        }
        return (zipPath, tgzPath);
    }

    /// <summary>The distinct originals the import must store (an album copy of the same bytes is one asset).</summary>
    public int DistinctFiles => Photos.Select(p => Convert.ToHexString(ServiceTier.Sha1(p.Bytes))).Distinct().Count();

    public int MediaEntries => zip.Concat(tgz).Count(e => !e.Path.EndsWith(".json", StringComparison.Ordinal));

    private byte[] Photo(List<(string, byte[])> part, string folder, string name, string corpusFile, DateTimeOffset? taken, double? lat, double? lon,
        string? description, bool favorite = false, bool archived = false, int variant = 0)
    {
        var bytes = File.ReadAllBytes(Uploads.CorpusFile(corpusFile));
        if (variant > 0)
        {
            bytes = [.. bytes, .. Encoding.ASCII.GetBytes($"edited-{variant}")]; // bytes after the end of the image: another file, same picture
        }
        part.Add(($"{folder}/{name}", bytes));
        Photos.Add(new ExpectedPhoto(name, bytes, taken, lat, lon, description, favorite, archived));
        return bytes;
    }

    private void Json(List<(string, byte[])> part, string folder, string name, string json) => part.Add(($"{folder}/{name}", Encoding.UTF8.GetBytes(json)));

    /// <summary>A sidecar as Google writes one (fields, nesting and string timestamps as in real exports).</summary>
    public static string Sidecar(string title, DateTimeOffset taken, (double Lat, double Lon)? geo, (double Lat, double Lon)? geoExif, string? description,
        bool favorite = false, bool archived = false)
    {
        static string Geo((double Lat, double Lon)? g) => string.Create(CultureInfo.InvariantCulture,
            $"{{\"latitude\": {g?.Lat ?? 0}, \"longitude\": {g?.Lon ?? 0}, \"altitude\": 0.0, \"latitudeSpan\": 0.0, \"longitudeSpan\": 0.0}}");
        var seconds = taken.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $$"""
            {
              "title": "{{title}}",
              "description": "{{description ?? ""}}",
              "imageViews": "3",
              "creationTime": {"timestamp": "1700000000", "formatted": "Nov 14, 2023, 10:13:20 PM UTC"},
              "photoTakenTime": {"timestamp": "{{seconds}}", "formatted": "whatever Google prints"},
              "geoData": {{Geo(geo)}},
              "geoDataExif": {{Geo(geoExif)}},
              {{(favorite ? "\"favorited\": true," : "")}}
              {{(archived ? "\"archived\": true," : "")}}
              "url": "https://photos.google.com/photo/abc",
              "googlePhotosOrigin": {"mobileUpload": {"deviceType": "ANDROID_PHONE"} }
            }
            """;
    }
}
