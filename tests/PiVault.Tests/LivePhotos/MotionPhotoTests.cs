using System.Security.Cryptography;
using PiVault.Media.Formats;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.LivePhotos;

/// <summary>
/// Android motion photos: the embedded MP4 becomes a hidden video asset linked to the still, byte for byte what was
/// embedded (exiftool's extraction as the reference), while the still's original stays the bytes the phone sent.
/// </summary>
public sealed class MotionPhotoTests : IAsyncLifetime
{
    private readonly ServiceTier tier = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await tier.DisposeAsync();

    [Fact]
    public async Task A_samsung_motion_photo_from_the_corpus_yields_exactly_the_video_exiftool_extracts()
    {
        var path = Uploads.CorpusFile(LivePhotoMedia.SamsungMotionPhoto);
        var bytes = File.ReadAllBytes(path);
        var expected = LivePhotoMedia.ExiftoolMotionPhotoVideo(path);
        var user = tier.CreateUser("ann");
        var still = tier.Upload(user, bytes, "motion.heic").Id;
        await tier.RunJobsAsync();

        var (video, videoBytes) = LinkedVideo(still);
        Assert.Equal(expected, videoBytes);
        Assert.Equal(AssetType.Video, video.Type);
        Assert.Equal(AssetVisibility.Hidden, video.Visibility);
        Assert.Equal(SHA1.HashData(expected), video.Checksum);
        Assert.Equal(bytes, File.ReadAllBytes(OriginalPath(tier.Asset(still)!)));
        Assert.Equal(1, tier.Get<AssetService>().ListTimeline(user, null, null).Total);
        // The video went through the upload path: its own pipeline steps ran (metadata, thumbnails).
        Assert.NotNull(video.MetadataAt);
        Assert.NotNull(video.ThumbnailsAt);

        // Again: the same bytes are found by checksum, nothing new is stored.
        var files = tier.LibraryFiles().Count;
        await tier.Get<MetadataService>().ExtractAsync(still, CancellationToken.None);
        Assert.Equal(files, tier.LibraryFiles().Count);
        Assert.Equal(video.Id, tier.Asset(still)!.LivePhotoVideoId);
    }

    [Fact]
    public async Task A_microvideo_jpeg_made_from_corpus_files_yields_its_mp4_and_keeps_the_jpeg_whole()
    {
        var (jpeg, mp4) = LivePhotoMedia.MicroVideoJpeg();
        var user = tier.CreateUser("ann");
        var still = tier.Upload(user, jpeg, "MVIMG_0001.jpg").Id;
        await tier.RunJobsAsync();

        var (video, videoBytes) = LinkedVideo(still);
        Assert.Equal(mp4, videoBytes);
        Assert.Equal("MVIMG_0001.mp4", video.OriginalFileName);
        Assert.Equal(jpeg, File.ReadAllBytes(OriginalPath(tier.Asset(still)!)));
    }

    [Theory]
    [InlineData(1L << 40)] // past the start of the file
    [InlineData(1000L)] // inside the MP4, not at its start
    [InlineData(-5L)]
    public async Task A_lying_offset_gives_no_video_and_a_warning_never_a_failure(long offset)
    {
        var (jpeg, _) = LivePhotoMedia.MicroVideoJpeg(offset);
        var user = tier.CreateUser("ann");
        var still = tier.Upload(user, jpeg, "MVIMG_0002.jpg").Id;
        await tier.RunJobsAsync();

        var asset = tier.Asset(still)!;
        Assert.NotNull(asset.MetadataAt); // the step finished
        Assert.Null(asset.LivePhotoVideoId);
        Assert.Single(tier.LibraryFiles());
        var read = new MetadataReader().Read(OriginalPath(asset), asset.OriginalFileName, DateTimeOffset.UnixEpoch);
        Assert.Null(read.EmbeddedVideo);
        Assert.NotNull(read.MotionPhotoProblem);
    }

    [Fact]
    public void The_locators_never_leave_the_file()
    {
        var source = new MemoryByteSource(new byte[100]);
        Assert.Null(EmbeddedVideo.FromEnd(source, 200, 0));
        Assert.Null(EmbeddedVideo.FromEnd(source, 50, 60));
        Assert.Null(EmbeddedVideo.Checked(source, 90, 20));
        Assert.Null(EmbeddedVideo.Checked(source, long.MaxValue, 20));
        Assert.Null(SamsungTrailer.FindMotionPhoto(source));
    }

    private (AssetRecord Video, byte[] Bytes) LinkedVideo(string stillId)
    {
        var videoId = tier.Asset(stillId)!.LivePhotoVideoId;
        Assert.NotNull(videoId);
        var video = tier.Asset(videoId)!;
        return (video, File.ReadAllBytes(OriginalPath(video)));
    }

    private string OriginalPath(AssetRecord asset) => tier.Get<OriginalLocator>().Readable(asset.OriginalPath, asset.Tier);
}
