using Microsoft.Extensions.DependencyInjection;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Ocr;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>
/// The <c>asset.ocr</c> step in the service tier: real libvips thumbnails, the real PP-OCR models and ONNX Runtime, the
/// real migrated SQLite with its FTS5 index; only time is fake.
/// </summary>
public sealed class OcrServiceTests
{
    private static ServiceTier Tier() => new(overrides: services => services.AddSingleton<IThumbnailer>(new VipsThumbnailer()));

    private static byte[] Receipt()
    {
        var picture = new OcrPictures(900, 600, 245);
        picture.Write("Hardware Store Receipt", "DejaVu Sans Bold 36", 60, 80, 25);
        picture.Write("Total 42.50", "DejaVu Sans 30", 60, 400, 25);
        return picture.Jpeg();
    }

    [Fact]
    public async Task Reads_the_preview_after_the_thumbnails_stores_the_lines_and_search_finds_the_text()
    {
        await using var tier = Tier();
        MlTestModels.InstallOcr(tier.Options.ModelsRoot);
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var id = tier.Upload(owner, Receipt(), "receipt.jpg").Id;

        await tier.RunJobsAsync();

        Assert.NotNull(OcrAt(tier, id));
        var lines = tier.Get<OcrService>().Lines(owner, id);
        Assert.Equal(["Hardware Store Receipt", "Total 42.50"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(id, l.AssetId));
        Assert.True(lines[0].Y1 < lines[1].Y1 && lines[0].X2 > lines[0].X1 && lines[0].Y4 > lines[0].Y1);
        ServiceTier.Refused(404, () => tier.Get<OcrService>().Lines(other, id));
        var search = tier.Get<AssetService>();
        Assert.Equal([id], Found(search, owner, "store rece"));
        Assert.Equal([id], Found(search, owner, "HARDWARE"));
        Assert.Equal([id], Found(search, owner, "42")); // shorter than a trigram: a scan of the lines
        Assert.Empty(Found(search, owner, "invoice"));
        Assert.Empty(Found(search, other, "hardware"));
    }

    [Fact]
    public async Task Deleting_the_asset_removes_its_lines_and_their_index_entries()
    {
        await using var tier = Tier();
        MlTestModels.InstallOcr(tier.Options.ModelsRoot);
        var owner = tier.CreateUser("owner");
        var id = tier.Upload(owner, Receipt(), "receipt.jpg").Id;
        await tier.RunJobsAsync();
        Assert.Equal(1L, IndexHits(tier, "hardware"));

        tier.Get<AssetService>().DeletePermanently(owner, id);

        using var db = tier.Database.Open();
        Assert.Equal(0L, db.Scalar<long>("SELECT count(*) FROM asset_ocr;"));
        Assert.Equal(0L, IndexHits(tier, "hardware"));
    }

    [Fact]
    public async Task Without_a_usable_model_the_step_ends_unstamped_and_reads_the_photo_once_the_model_is_installed()
    {
        await using var tier = Tier();
        var folder = MlTestModels.InstallOcr(tier.Options.ModelsRoot);
        var detector = Path.Combine(folder, "ch_PP-OCRv4_det_infer.onnx");
        File.WriteAllBytes(detector, new byte[new FileInfo(detector).Length]); // right size, all zeros
        var owner = tier.CreateUser("owner");
        var id = tier.Upload(owner, Receipt(), "receipt.jpg").Id;

        await tier.RunJobsAsync();

        Assert.NotNull(tier.Asset(id)!.ThumbnailsAt);
        Assert.Null(OcrAt(tier, id));
        Assert.Empty(tier.Get<OcrService>().Lines(owner, id));
        var status = tier.Get<JobAdminService>().Status(JobKinds.OcrQueue);
        Assert.Equal(0L, status.Failed);
        Assert.Equal(0L, status.Pending);

        MlTestModels.InstallOcr(tier.Options.ModelsRoot);
        Assert.Equal(1L, tier.Get<JobAdminService>().QueueMissing(JobKinds.OcrQueue).Affected);
        await tier.RunJobsAsync();

        Assert.NotNull(OcrAt(tier, id));
        Assert.Equal("Hardware Store Receipt", tier.Get<OcrService>().Lines(owner, id)[0].Text);
    }

    private static long? OcrAt(ServiceTier tier, string id)
    {
        using var db = tier.Database.Open();
        return db.Query("SELECT ocr_at FROM assets WHERE id = $id;", r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), ("$id", id)).Single();
    }

    private static long IndexHits(ServiceTier tier, string text)
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT count(*) FROM asset_ocr_search WHERE asset_ocr_search MATCH $q;", ("$q", text));
    }

    private static List<string> Found(AssetService search, PiVault.Server.Features.Auth.Caller caller, string text) =>
        search.Search(caller, new AssetQuery { Ocr = text }, null, null).Items.Select(a => a.Asset.Id).ToList();
}
