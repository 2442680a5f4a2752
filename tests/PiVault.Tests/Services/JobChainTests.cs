using PiVault.Native.Vips;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>
/// The production handler table and job chain (metadata → thumbnails → video playback) over the fake thumbnailer,
/// video probe and encoder: what each step leaves behind, what follows what, failures, retries and re-queueing.
/// </summary>
public sealed class JobChainTests
{
    [Fact]
    public async Task A_photo_gets_metadata_then_thumbnails_from_its_original_and_no_video_step()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var bytes = Uploads.RandomBytes(5000, 1);
        var id = tier.Upload(owner, bytes, "a.jpg").Id;
        tier.Thumbnailer.SourceSize = (3000, 2000);

        await tier.RunJobsAsync();

        Assert.Equal([bytes], tier.Thumbnailer.Inputs);
        Assert.Empty(tier.Video.Probed);
        var asset = tier.Asset(id)!;
        Assert.Equal((3000, 2000, FakeThumbnailer.ThumbHashOf(bytes)), (asset.Width, asset.Height, asset.ThumbHash));
        Assert.NotNull(asset.MetadataAt);
        Assert.Equal(tier.Time.GetUtcNow(), asset.ThumbnailsAt);
        var derived = tier.Get<DerivedFileStore>();
        Assert.Equal(FakeThumbnailer.ThumbnailOf(bytes), File.ReadAllBytes(derived.PathFor(owner.UserId, id, DerivedKind.Thumbnail)));
        Assert.Equal(FakeThumbnailer.PreviewOf(bytes), File.ReadAllBytes(derived.PathFor(owner.UserId, id, DerivedKind.Preview)));
        Assert.Equal(["uploaded", "thumbnails-ready"], tier.Notifier.About(id));
        AssertNothingLeft(tier, missingThumbnails: 0);
    }

    [Fact]
    public async Task A_playable_video_gets_a_poster_thumbnail_its_probed_size_and_duration_and_no_playback_copy()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var bytes = VideoBytes(1);
        var id = tier.Upload(owner, bytes, "clip.mp4").Id;

        await tier.RunJobsAsync();

        var asset = tier.Asset(id)!;
        Assert.Equal(AssetType.Video, asset.Type);
        Assert.Equal([FakeVideoProbe.PosterOf(bytes)], tier.Thumbnailer.Inputs); // drawn from the poster frame, not the file
        Assert.Equal((1920, 1080, 12_500L), (asset.Width, asset.Height, asset.DurationMs)); // the probe's size wins over the poster's
        Assert.Equal(0, tier.Encoder.Calls);
        Assert.False(File.Exists(tier.Get<DerivedFileStore>().PathFor(owner.UserId, id, DerivedKind.Playback)));
        Assert.Equal(0, tier.Get<JobAdminService>().Status(JobKinds.VideoQueue).Missing); // the step ran and is done
        AssertNothingLeft(tier, missingThumbnails: 0);
    }

    [Fact]
    public async Task A_video_browsers_cannot_play_gets_an_h264_copy_after_its_thumbnails()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        tier.Video.Info = FakeVideoProbe.IphoneHevc;
        var bytes = VideoBytes(2);
        var id = tier.Upload(owner, bytes, "IMG_0001.mov").Id;

        await tier.RunJobsAsync();

        Assert.Equal(1, tier.Encoder.Calls);
        var copy = tier.Get<DerivedFileStore>().PathFor(owner.UserId, id, DerivedKind.Playback);
        Assert.Equal(FakeVideoEncoder.CopyOf(bytes), File.ReadAllBytes(copy));
        Assert.Equal((1080, 1920), (tier.Asset(id)!.Width, tier.Asset(id)!.Height));
        AssertNothingLeft(tier, missingThumbnails: 0);

        // Queued again (an upgrade re-runs every video), a run replaces the copy and leaves no temp file.
        Assert.Equal(1, tier.Get<JobAdminService>().QueueAll(JobKinds.VideoQueue).Affected);
        await tier.RunJobsAsync();
        Assert.Equal(2, tier.Encoder.Calls);
        Assert.Equal(FakeVideoEncoder.CopyOf(bytes), File.ReadAllBytes(copy));
        Assert.Equal(0, tier.Get<DerivedFileStore>().RemoveLeftoverTemps());
    }

    [Fact]
    public async Task An_undecodable_file_fails_its_thumbnail_job_at_once_keeps_asset_and_original_and_rerun_fixes_it()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var broken = Uploads.RandomBytes(2000, 1);
        var fine = Uploads.RandomBytes(2000, 2);
        var brokenId = tier.Upload(owner, broken, "broken.jpg").Id;
        var fineId = tier.Upload(owner, fine, "fine.jpg").Id;
        tier.Thumbnailer.Failure = b => b.AsSpan().SequenceEqual(broken) ? new MediaDecodeException("VipsJpeg: Premature end of JPEG file") : null;

        await tier.RunJobsAsync();

        var failed = Assert.Single(tier.Get<JobAdminService>().Failed(JobKinds.ThumbnailQueue));
        Assert.Equal((brokenId, 1, "VipsJpeg: Premature end of JPEG file"), (failed.AssetId, failed.Attempts, failed.Error)); // no retries
        var assets = tier.Get<AssetService>();
        Assert.Equal("No thumbnail can be made for this file: VipsJpeg: Premature end of JPEG file",
            ServiceTier.Refused(404, () => assets.Derived(owner, brokenId, DerivedKind.Thumbnail)));
        Assert.False(assets.Get(owner, brokenId).HasThumbnail);
        Assert.Equal(broken, File.ReadAllBytes(assets.Original(owner, brokenId).FullPath));
        Assert.True(assets.Get(owner, fineId).HasThumbnail); // one failure blocks nothing else
        var status = tier.Get<JobAdminService>().Status(JobKinds.ThumbnailQueue);
        Assert.Equal((1L, 1L), (status.Failed, status.Missing));

        // A newer decoder: "re-run failed" makes it, and the failure is resolved.
        tier.Thumbnailer.Failure = _ => null;
        Assert.Equal(1, tier.Get<JobAdminService>().RetryFailed(JobKinds.ThumbnailQueue).Affected);
        await tier.RunJobsAsync();
        Assert.True(assets.Get(owner, brokenId).HasThumbnail);
        AssertNothingLeft(tier, missingThumbnails: 0);
    }

    [Fact]
    public async Task A_passing_error_retries_after_its_back_off_and_a_lasting_one_fails_after_the_last_attempt()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var hiccup = Uploads.RandomBytes(2000, 1);
        var hiccups = 1;
        var id = tier.Upload(owner, hiccup, "a.jpg").Id;
        var doomed = tier.Upload(owner, Uploads.RandomBytes(2000, 2), "b.jpg").Id;
        tier.Thumbnailer.Failure = b => b.AsSpan().SequenceEqual(hiccup)
            ? Interlocked.Decrement(ref hiccups) >= 0 ? new IOException("disk hiccup") : null
            : new IOException("disk gone");

        await tier.RunJobsAsync();
        Assert.Equal((0L, 2L), (tier.Get<JobQueue>().Counts(JobKinds.ThumbnailQueue).Pending, tier.Get<JobQueue>().Counts(JobKinds.ThumbnailQueue).Delayed));
        for (var attempt = 1; attempt < JobRunner.MaxAttempts; attempt++)
        {
            tier.Time.Advance(JobRunner.Backoff(attempt) + TimeSpan.FromSeconds(1));
            await tier.RunJobsAsync();
        }

        Assert.True(tier.Asset(id)!.ThumbnailsAt is not null);
        var failed = Assert.Single(tier.Get<JobAdminService>().Failed(JobKinds.ThumbnailQueue));
        Assert.Equal((doomed, JobRunner.MaxAttempts, "disk gone"), (failed.AssetId, failed.Attempts, failed.Error));
        Assert.Equal(2 + JobRunner.MaxAttempts, tier.Thumbnailer.Inputs.Count); // the hiccup twice, the doomed one every attempt
    }

    [Fact]
    public async Task An_asset_deleted_before_its_jobs_run_leaves_no_jobs_and_no_work()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var id = tier.Photo(owner, 1);
        tier.Get<AssetService>().DeletePermanently(owner, id);

        await tier.RunJobsAsync();

        Assert.Empty(tier.Thumbnailer.Inputs);
        AssertNothingLeft(tier, missingThumbnails: 0);
    }

    [Fact]
    public async Task A_video_ffprobe_cannot_read_keeps_its_metadata_and_fails_only_its_thumbnails_with_ffmpegs_words()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        tier.Video.Failure = new VideoDecodeException("the video data stops at 3.00 s of 9.00 s (truncated or damaged)");
        var id = tier.Upload(owner, VideoBytes(3), "cut.mp4", new DateTimeOffset(2023, 7, 1, 9, 0, 0, TimeSpan.Zero)).Id;

        await tier.RunJobsAsync();

        var asset = tier.Asset(id)!;
        Assert.NotNull(asset.MetadataAt);
        Assert.Equal(new DateTimeOffset(2023, 7, 1, 9, 0, 0, TimeSpan.Zero), asset.TakenAt); // the phone's date stands
        var failed = Assert.Single(tier.Get<JobAdminService>().Failed(JobKinds.ThumbnailQueue));
        Assert.Equal((id, "the video data stops at 3.00 s of 9.00 s (truncated or damaged)"), (failed.AssetId, failed.Error));
        Assert.Empty(tier.Get<JobAdminService>().Failed(JobKinds.VideoQueue)); // never reached: the chain stops at the failure
        Assert.Equal(0, tier.Get<JobQueue>().Counts(JobKinds.VideoQueue).Pending);
        Assert.Empty(tier.Thumbnailer.Inputs);
    }

    [Fact]
    public async Task Queue_missing_and_queue_all_queue_each_applicable_asset_once()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var photos = Enumerable.Range(1, 3).Select(i => tier.Photo(owner, i)).ToList();
        var video = tier.Upload(owner, VideoBytes(9), "clip.mp4").Id;
        tier.Get<AssetService>().Trash(owner, photos[2]);
        var admin = tier.Get<JobAdminService>();
        admin.SetPaused(JobKinds.ThumbnailQueue, true);
        await tier.RunJobsAsync(); // metadata only: the thumbnail jobs wait

        Assert.Equal(3, admin.Status(JobKinds.ThumbnailQueue).Missing); // the trashed photo is not counted
        Assert.Equal(0, admin.QueueMissing(JobKinds.ThumbnailQueue).Affected); // already queued: not doubled
        admin.SetPaused(JobKinds.ThumbnailQueue, false);
        await tier.RunJobsAsync();
        Assert.Equal(0, admin.Status(JobKinds.ThumbnailQueue).Missing);

        var before = tier.Thumbnailer.Inputs.Count;
        Assert.Equal(3, admin.QueueAll(JobKinds.ThumbnailQueue).Affected); // two live photos and the video
        Assert.Equal(1, admin.QueueAll(JobKinds.VideoQueue).Affected); // only the video
        await tier.RunJobsAsync();
        Assert.Equal(before + 3, tier.Thumbnailer.Inputs.Count);
        Assert.NotNull(tier.Asset(video)!.ThumbnailsAt);
        AssertNothingLeft(tier, missingThumbnails: 0);
    }

    /// <summary>An MP4 as far as the sniffer can tell (an ftyp box), random after that; the fake probe answers for it.</summary>
    private static byte[] VideoBytes(int seed)
    {
        var bytes = Uploads.RandomBytes(4000, seed);
        byte[] ftyp = [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8];
        ftyp.CopyTo(bytes, 0);
        return bytes;
    }

    private static void AssertNothingLeft(ServiceTier tier, long missingThumbnails)
    {
        foreach (var status in tier.Get<JobAdminService>().Status())
        {
            Assert.Equal((status.Queue, 0L, 0L, 0L, 0L), (status.Queue, status.Pending, status.Running, status.Failed, status.Delayed));
        }
        Assert.Equal(missingThumbnails, tier.Get<JobAdminService>().Status(JobKinds.ThumbnailQueue).Missing);
        Assert.Equal(0, tier.Get<JobAdminService>().Status(JobKinds.MetadataQueue).Missing);
    }
}
