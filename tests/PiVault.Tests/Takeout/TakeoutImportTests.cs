using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Takeout;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Takeout;

/// <summary>
/// The import over a synthetic export (<see cref="SyntheticTakeout"/>), on the service tier: real SQLite, the real upload
/// path and metadata step, real archives. Dates, places, descriptions, flags, albums, no duplicates; a second run adds
/// nothing; a run stopped at a chosen entry resumes to the same result; a cut-off part fails before importing anything.
/// </summary>
public sealed class TakeoutImportTests : IAsyncLifetime
{
    private readonly ServiceTier tier = new();
    private readonly string folder = TempDir.Create();
    private readonly SyntheticTakeout takeout = SyntheticTakeout.Build();
    private Caller admin = null!;
    private (string Zip, string Tgz) parts;

    public Task InitializeAsync()
    {
        admin = tier.CreateUser("admin", isAdmin: true);
        parts = takeout.WriteTo(folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await tier.DisposeAsync();
        TempDir.Delete(folder);
    }

    [Fact]
    public async Task An_import_yields_the_sidecars_dates_places_descriptions_flags_and_albums_without_duplicates()
    {
        var import = await ImportAsync([parts.Zip, parts.Tgz]);
        await tier.RunJobsAsync();

        Assert.Equal(ImportStates.Done, import.State);
        Assert.Equal(takeout.DistinctFiles, import.Imported);
        Assert.Equal(1, import.Merged); // the album's copy of IMG_0001.jpg
        Assert.Equal(takeout.Skipped.Count, import.Skipped);
        Assert.Equal(takeout.MediaEntries, import.TotalFiles);
        Assert.Equal(takeout.DistinctFiles, CountAssets());
        foreach (var photo in takeout.Photos)
        {
            var asset = AssetWith(photo.Bytes);
            Assert.True(asset is not null, $"{photo.Name} was not imported");
            using var db = tier.Database.Open();
            var metadata = tier.Get<AssetStore>().MetadataOf(db, asset.Id);
            Assert.True(metadata is not null, $"{photo.Name} has no metadata");
            Assert.True(photo.TakenAt == asset.TakenAt, $"{photo.Name}: taken {asset.TakenAt:O}, expected {photo.TakenAt:O}");
            Assert.True(Near(photo.Latitude, metadata.Latitude) && Near(photo.Longitude, metadata.Longitude),
                $"{photo.Name}: at {metadata.Latitude},{metadata.Longitude}, expected {photo.Latitude},{photo.Longitude}");
            Assert.True(photo.Description == metadata.Description, $"{photo.Name}: description '{metadata.Description}', expected '{photo.Description}'");
            Assert.True(photo.Favorite == asset.IsFavorite, $"{photo.Name}: favourite {asset.IsFavorite}");
            Assert.True(photo.Archived == IsArchived(asset.Id), $"{photo.Name}: archived {!photo.Archived}");
        }
        Assert.Equal(["IMG_0001.jpg"], AlbumFileNames(SyntheticTakeout.ParisTitle));
        Assert.Equal(["IMG_0010.jpg"], AlbumFileNames("Vacation"));
        Assert.Equal(2, AlbumCount()); // "Photos from 2019/2020" are not albums

        var report = tier.Get<TakeoutService>().Report(admin, import.Id, "skipped", null, null);
        Assert.Equal(takeout.Skipped.Order(StringComparer.Ordinal), report.Lines.Select(l => l.Path).Order(StringComparer.Ordinal));
        Assert.All(report.Lines, l => Assert.False(string.IsNullOrEmpty(l.Reason)));
        Assert.Contains(report.Lines, l => l.Path.EndsWith("IMG_9999.jpg.json", StringComparison.Ordinal) && l.Reason!.Contains("without a photo", StringComparison.Ordinal));
        using var rows = tier.Database.Open();
        Assert.Equal(0L, rows.Scalar<long>("SELECT count(*) FROM import_entries WHERE import_id = $id AND json IS NOT NULL;", ("$id", import.Id))); // the sidecars' text went once done
        Assert.True(rows.Scalar<long>("SELECT count(*) FROM import_entries WHERE import_id = $id AND kind = 'sidecar';", ("$id", import.Id)) > 0);
    }

    [Fact]
    public async Task A_second_import_of_the_same_export_adds_nothing()
    {
        await ImportAsync([parts.Zip, parts.Tgz]);
        var files = tier.LibraryFiles();
        var again = await ImportAsync([parts.Zip, parts.Tgz]);

        Assert.Equal(0, again.Imported);
        Assert.Equal(takeout.DistinctFiles + 1, again.Merged);
        Assert.Equal(files, tier.LibraryFiles());
        Assert.Equal(takeout.DistinctFiles, CountAssets());
        Assert.Equal(2, AlbumCount());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(14)]
    public async Task An_import_stopped_at_an_entry_resumes_to_the_same_result(int stopAfter)
    {
        var importer = tier.Get<TakeoutImporter>();
        var created = tier.Get<TakeoutService>().Create(admin, new CreateImportRequest([parts.Zip, parts.Tgz], null));
        using var stop = new CancellationTokenSource();
        var done = 0;
        void Count(string id, ArchiveFile file)
        {
            if (++done == stopAfter)
            {
                stop.Cancel(); // as a shutdown does: the importer stops before its next entry
            }
        }
        importer.EntryDone += Count;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.RunAsync(created.Id, stop.Token));
        importer.EntryDone -= Count;
        var halfway = tier.Get<TakeoutService>().Get(admin, created.Id);
        Assert.Equal(ImportStates.Importing, halfway.State);
        Assert.Equal(stopAfter, halfway.DoneFiles);

        await importer.RunAsync(created.Id, CancellationToken.None);
        var resumed = tier.Get<TakeoutService>().Get(admin, created.Id);
        Assert.Equal(ImportStates.Done, resumed.State);
        Assert.Equal((takeout.DistinctFiles, 1L, (long)takeout.Skipped.Count), (resumed.Imported, resumed.Merged, resumed.Skipped));
        Assert.Equal(takeout.DistinctFiles, CountAssets());
        Assert.Equal(["IMG_0001.jpg"], AlbumFileNames(SyntheticTakeout.ParisTitle));
        Assert.Equal(2, AlbumCount());
    }

    [Fact]
    public async Task A_cut_off_part_fails_the_import_with_a_clear_error_before_anything_is_imported()
    {
        var bytes = await File.ReadAllBytesAsync(parts.Tgz);
        await File.WriteAllBytesAsync(parts.Tgz, bytes[..(bytes.Length / 2)]);
        var created = tier.Get<TakeoutService>().Create(admin, new CreateImportRequest([parts.Zip, parts.Tgz], null));

        var error = await Assert.ThrowsAsync<TakeoutArchiveException>(() => tier.Get<TakeoutImporter>().RunAsync(created.Id, CancellationToken.None));

        Assert.Contains(Path.GetFileName(parts.Tgz), error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, CountAssets());
        Assert.Empty(tier.LibraryFiles());
    }

    [Fact]
    public async Task A_photo_already_in_PiVault_joins_the_album_and_gets_what_it_lacked()
    {
        // The Vacation photo uploaded before; the file has no date of its own, so the upload's time stood in.
        var vacation = takeout.Photos.Single(p => p.Name == "IMG_0010.jpg");
        var before = tier.Upload(admin, vacation.Bytes, "IMG_0010.jpg", ServiceTier.DefaultStart);
        await tier.RunJobsAsync();

        var import = await ImportAsync([parts.Zip, parts.Tgz]);
        await tier.RunJobsAsync();

        Assert.Equal(2, import.Merged);
        Assert.Equal(takeout.DistinctFiles, CountAssets());
        Assert.Equal(["IMG_0010.jpg"], AlbumFileNames("Vacation"));
        var asset = AssetWith(vacation.Bytes)!;
        Assert.Equal(before.Id, asset.Id);
        Assert.Equal(vacation.TakenAt, asset.TakenAt); // the file has no date of its own: the sidecar's fills in
        using var db = tier.Database.Open();
        Assert.Equal("beach", tier.Get<AssetStore>().MetadataOf(db, asset.Id)!.Description);
    }

    [Fact]
    public void Paths_are_an_admins_to_give()
    {
        var member = tier.CreateUser("member");
        ServiceTier.Refused(403, () => tier.Get<TakeoutService>().Create(member, new CreateImportRequest([parts.Zip], null)));
        ServiceTier.Refused(400, () => tier.Get<TakeoutService>().Create(admin, new CreateImportRequest([tier.Options.DatabasePath], null)));
        var other = tier.Get<TakeoutService>().Create(admin, new CreateImportRequest([folder], member.UserId));
        Assert.Equal(member.UserId, other.OwnerId);
        Assert.Equal(2, other.Parts.Count); // the folder's two parts, in name order
        ServiceTier.Refused(404, () => tier.Get<TakeoutService>().Get(tier.CreateUser("stranger"), other.Id));
    }

    private async Task<ImportDto> ImportAsync(IReadOnlyList<string> paths)
    {
        var created = tier.Get<TakeoutService>().Create(admin, new CreateImportRequest(paths, null));
        await tier.Get<TakeoutImporter>().RunAsync(created.Id, CancellationToken.None);
        return tier.Get<TakeoutService>().Get(admin, created.Id);
    }

    private static bool Near(double? expected, double? actual) =>
        expected is null ? actual is null : actual is { } a && Math.Abs(a - expected.Value) < 1e-6;

    private AssetRecord? AssetWith(byte[] bytes)
    {
        using var db = tier.Database.Open();
        return tier.Get<AssetStore>().FindByChecksum(db, admin.UserId, ServiceTier.Sha1(bytes));
    }

    private long CountAssets()
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT count(*) FROM assets;");
    }

    private long AlbumCount()
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT count(*) FROM albums;");
    }

    private bool IsArchived(string assetId)
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT visibility = 'archive' FROM assets WHERE id = $id;", ("$id", assetId)) == 1;
    }

    private List<string> AlbumFileNames(string title)
    {
        using var db = tier.Database.Open();
        return db.Query(
            "SELECT a.original_file_name FROM albums al JOIN album_assets aa ON aa.album_id = al.id JOIN assets a ON a.id = aa.asset_id WHERE al.name = $name ORDER BY 1;",
            r => r.GetString(0), ("$name", title));
    }
}
