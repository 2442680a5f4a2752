using Microsoft.Extensions.DependencyInjection;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Faces;
using PiVault.Server.Features.Ml;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml.Faces;

/// <summary>
/// The <c>asset.faces</c> step in the service tier: real libvips previews, the real YuNet and MobileFaceNet on ONNX
/// Runtime, the real migrated SQLite; only time is fake.
/// </summary>
public sealed class FaceStepTests
{
    private const string Group = "face_recognition/obama_and_biden.jpg";

    private static ServiceTier Tier() => new(overrides: services => services.AddSingleton<IThumbnailer>(new VipsThumbnailer()));

    private static void InstallTestModels(ServiceTier tier)
    {
        CorpusFaces.Link(tier.Options.ModelsRoot, "YuNet", "yunet_n_dynamic.onnx", "libfdt-yunet_n_dynamic.onnx");
        CorpusFaces.Link(tier.Options.ModelsRoot, "MobileFaceNet-test", "mobilefacenet.onnx", "vface-mobilefacenet.onnx");
    }

    private static byte[] Corpus(string path) => File.ReadAllBytes(Path.Combine(CorpusFaces.Corpus, path));

    [Fact]
    public async Task After_the_thumbnails_each_face_of_the_preview_gets_a_row_and_faces_at_is_stamped()
    {
        await using var tier = Tier();
        InstallTestModels(tier);
        var owner = tier.CreateUser("owner");
        var group = tier.Upload(owner, Corpus(Group), "group.jpg").Id;
        var empty = tier.Upload(owner, Corpus(CorpusFaces.Faceless[0]), "coffee.png").Id;

        await tier.RunJobsAsync();

        var faces = Faces(tier, group);
        Assert.Equal(3, faces.Count); // Biden, Obama and the girl in front of them
        var (previewWidth, previewHeight) = PreviewSize(tier, owner.UserId, group);
        Assert.All(faces, f =>
        {
            Assert.Equal((previewWidth, previewHeight), (f.ImageWidth, f.ImageHeight));
            Assert.True(f.X1 >= 0 && f.X1 < f.X2 && f.X2 <= previewWidth && f.Y1 >= 0 && f.Y1 < f.Y2 && f.Y2 <= previewHeight);
            Assert.Equal(("machine-learning", "MobileFaceNet-test", owner.UserId), (f.Source, f.Model, f.OwnerId));
            Assert.Null(f.PersonId);
            Assert.Equal(128 * 4, f.EmbeddingBytes);
            Assert.InRange(f.Score, 0.7, 1);
        });
        Assert.NotNull(FacesAt(tier, group));
        Assert.Empty(Faces(tier, empty));
        Assert.NotNull(FacesAt(tier, empty));
        Assert.Equal(0L, tier.Get<JobAdminService>().Status(JobKinds.FacesQueue).Failed);
    }

    [Fact]
    public async Task A_rerun_keeps_ids_and_people_refreshes_changed_faces_deletes_vanished_ones_and_leaves_manual_faces()
    {
        await using var tier = Tier();
        InstallTestModels(tier);
        var owner = tier.CreateUser("owner");
        var id = tier.Upload(owner, Corpus(Group), "group.jpg").Id;
        await tier.RunJobsAsync();
        var first = Faces(tier, id);
        var step = tier.Get<FaceDetectionService>();

        await step.DetectAsync(id, CancellationToken.None);

        Assert.Equal(first, Faces(tier, id)); // the same rows, not even a new update_seq: nothing to sync

        var named = first[0];
        using (var db = tier.Database.Open())
        {
            db.Execute("INSERT INTO people (id, owner_id, name, created_at, updated_at) VALUES ('p1', $owner, 'Joe', 0, 0);", ("$owner", owner.UserId));
            db.Execute("UPDATE asset_faces SET person_id = 'p1', embedding = zeroblob(512), x1 = x1 + 2 WHERE id = $id;", ("$id", named.Id));
            Insert(db, "vanished", id, owner.UserId, "machine-learning", named.ImageWidth, named.ImageHeight);
            Insert(db, "by-hand", id, owner.UserId, "manual", named.ImageWidth, named.ImageHeight);
        }

        await step.DetectAsync(id, CancellationToken.None);

        var after = Faces(tier, id);
        Assert.Equal(first.Select(f => f.Id).Append("by-hand").Order(), after.Select(f => f.Id).Order());
        var refreshed = after.Single(f => f.Id == named.Id);
        Assert.Equal("p1", refreshed.PersonId);
        Assert.Equal((named.X1, named.Embedding), (refreshed.X1, refreshed.Embedding)); // box and embedding recomputed
        Assert.Equal("manual", after.Single(f => f.Id == "by-hand").Source);
        Assert.All(after.Where(f => f.Id != named.Id && f.Id != "by-hand"), f => Assert.Equal(first.Single(o => o.Id == f.Id), f));
        using var check = tier.Database.Open();
        Assert.Equal(1L, check.Scalar<long>("SELECT count(*) FROM asset_face_deletions WHERE face_id = 'vanished';"));
    }

    [Fact]
    public async Task Without_face_models_the_feature_is_off_the_step_ends_unstamped_and_runs_once_the_models_are_installed()
    {
        await using var tier = Tier();
        var owner = tier.CreateUser("owner");
        var id = tier.Upload(owner, Corpus(Group), "group.jpg").Id;

        await tier.RunJobsAsync();

        var off = tier.Get<MlFeatures>().All().Single(f => f.Feature == MlFeatures.FaceDetection);
        Assert.False(off.On);
        Assert.Contains("SFace not installed", off.Reason);
        Assert.NotNull(tier.Asset(id)!.ThumbnailsAt);
        Assert.Null(FacesAt(tier, id));
        Assert.Empty(Faces(tier, id));
        var status = tier.Get<JobAdminService>().Status(JobKinds.FacesQueue);
        Assert.Equal((0L, 0L), (status.Failed, status.Pending));

        InstallTestModels(tier);
        var on = tier.Get<MlFeatures>().All().Single(f => f.Feature == MlFeatures.FaceDetection);
        Assert.True(on.On);
        Assert.Equal("YuNet + MobileFaceNet-test (test-only models)", on.Model);
        Assert.Equal(1L, tier.Get<JobAdminService>().QueueMissing(JobKinds.FacesQueue).Affected);
        await tier.RunJobsAsync();

        Assert.NotNull(FacesAt(tier, id));
        Assert.Equal(3, Faces(tier, id).Count);
    }

    [Fact]
    public async Task A_corrupt_recogniser_leaves_the_asset_unstamped_without_failing_the_job()
    {
        await using var tier = Tier();
        InstallTestModels(tier);
        var recogniser = Path.Combine(tier.Options.ModelsRoot, "MobileFaceNet-test", "mobilefacenet.onnx");
        File.WriteAllBytes(recogniser, new byte[new FileInfo(recogniser).Length]); // right size, all zeros
        var owner = tier.CreateUser("owner");
        var id = tier.Upload(owner, Corpus(Group), "group.jpg").Id;

        await tier.RunJobsAsync();

        Assert.Null(FacesAt(tier, id));
        Assert.Equal(0L, tier.Get<JobAdminService>().Status(JobKinds.FacesQueue).Failed);
        Assert.False(tier.Get<MlFeatures>().All().Single(f => f.Feature == MlFeatures.FaceDetection).On);
    }

    private static void Insert(Microsoft.Data.Sqlite.SqliteConnection db, string faceId, string assetId, string ownerId, string source, int width, int height) =>
        db.Execute(
            "INSERT INTO asset_faces (id, asset_id, owner_id, image_width, image_height, x1, y1, x2, y2, score, source, embedding, model, created_at, updated_at) " +
            "VALUES ($id, $asset, $owner, $w, $h, 0, 0, 10, 10, 1, $source, NULL, NULL, 0, 0);",
            ("$id", faceId), ("$asset", assetId), ("$owner", ownerId), ("$w", width), ("$h", height), ("$source", source));

    private static (int Width, int Height) PreviewSize(ServiceTier tier, string ownerId, string assetId)
    {
        var preview = tier.Get<PiVault.Server.Storage.DerivedFileStore>().PathFor(ownerId, assetId, PiVault.Server.Storage.DerivedKind.Preview);
        var pixels = RgbPixels.Decode(preview);
        return (pixels.Width, pixels.Height);
    }

    private static long? FacesAt(ServiceTier tier, string id)
    {
        using var db = tier.Database.Open();
        return db.Query("SELECT faces_at FROM assets WHERE id = $id;", r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), ("$id", id)).Single();
    }

    private static List<FaceRow> Faces(ServiceTier tier, string assetId)
    {
        using var db = tier.Database.Open();
        return db.Query(
            "SELECT id, owner_id, person_id, image_width, image_height, x1, y1, x2, y2, score, source, embedding, model, update_seq FROM asset_faces " +
            "WHERE asset_id = $id ORDER BY x1, id;",
            r => new FaceRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6),
                r.GetInt32(7), r.GetInt32(8), r.GetDouble(9), r.GetString(10), r.IsDBNull(11) ? "" : Convert.ToHexString((byte[])r.GetValue(11)),
                r.IsDBNull(12) ? null : r.GetString(12), r.GetInt64(13)),
            ("$id", assetId));
    }

    private sealed record FaceRow(string Id, string OwnerId, string? PersonId, int ImageWidth, int ImageHeight, int X1, int Y1, int X2, int Y2, double Score,
        string Source, string Embedding, string? Model, long UpdateSeq)
    {
        public int EmbeddingBytes => Embedding.Length / 2;
    }
}
