using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.LivePhotos;

/// <summary>
/// Live Photo pairs on the service tier (real SQLite, real metadata reader, the real job runner): by the app's
/// livePhotoVideoId, by Apple's content identifier in either order, the timeline counting one photo, trash and restore
/// taking both halves, and a foreign video refused.
/// </summary>
public sealed class LivePhotoPairingTests : IAsyncLifetime
{
    private static readonly Lazy<byte[]> Still = new(() => LivePhotoMedia.Still("5F1C2B7E-0D4A-4E7B-9C3D-1A2B3C4D5E6F"));
    private static readonly Lazy<byte[]> Movie = new(() => LivePhotoMedia.Movie("5F1C2B7E-0D4A-4E7B-9C3D-1A2B3C4D5E6F"));

    private readonly ServiceTier tier = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await tier.DisposeAsync();

    [Fact]
    public void The_metadata_reader_finds_the_content_identifier_in_the_still_and_in_the_movie()
    {
        var dir = TempDir.Create();
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "a.heic"), Still.Value);
            File.WriteAllBytes(Path.Combine(dir, "a.mov"), Movie.Value);
            var reader = new MetadataReader();
            var still = reader.Read(Path.Combine(dir, "a.heic"), "a.heic", DateTimeOffset.UnixEpoch);
            var movie = reader.Read(Path.Combine(dir, "a.mov"), "a.mov", DateTimeOffset.UnixEpoch);
            Assert.Equal("5F1C2B7E-0D4A-4E7B-9C3D-1A2B3C4D5E6F", still.ContentIdentifier);
            Assert.Equal("5F1C2B7E-0D4A-4E7B-9C3D-1A2B3C4D5E6F", movie.ContentIdentifier);
            // The rest of the files still reads as before: the identifier is an addition, not a replacement.
            Assert.Equal("Apple", still.Make);
            Assert.NotNull(movie.Latitude);
            // The corpus iPhone photo as it came from the phone: the identifier exiftool reads, and none in a camera's JPEG.
            Assert.Equal(LivePhotoMedia.ExiftoolContentIdentifier(Uploads.CorpusFile(LivePhotoMedia.StillFile)),
                reader.Read(Uploads.CorpusFile(LivePhotoMedia.StillFile), "x.heic", DateTimeOffset.UnixEpoch).ContentIdentifier);
            Assert.Null(reader.Read(Uploads.CorpusFile(LivePhotoMedia.MotionJpegBase), "x.jpg", DateTimeOffset.UnixEpoch).ContentIdentifier);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Video_first_then_the_still_naming_it_links_them_and_the_timeline_counts_one_photo()
    {
        var user = tier.CreateUser("ann");
        var video = tier.Upload(user, Movie.Value, "IMG_0001.MOV");
        var still = tier.Upload(user, Still.Value, "IMG_0001.HEIC", fields: new Dictionary<string, string> { ["livePhotoVideoId"] = video.Id });

        Assert.Equal(video.Id, tier.Asset(still.Id)!.LivePhotoVideoId);
        Assert.Equal(AssetVisibility.Hidden, tier.Asset(video.Id)!.Visibility);
        await tier.RunJobsAsync();
        var timeline = tier.Get<AssetService>().ListTimeline(user, null, null);
        Assert.Equal(1, timeline.Total);
        Assert.Equal(still.Id, Assert.Single(timeline.Items).Id);
        Assert.Equal(video.Id, timeline.Items[0].LivePhotoVideoId);
        // The video is still there for whoever asks for it by id (the viewer's playback).
        Assert.Equal(video.Id, tier.Get<AssetService>().Get(user, video.Id).Id);
    }

    [Fact]
    public async Task Still_first_then_the_video_pair_by_content_identifier_and_a_second_run_changes_nothing()
    {
        var user = tier.CreateUser("ann");
        var still = tier.Upload(user, Still.Value, "IMG_0001.HEIC").Id;
        await tier.RunJobsAsync();
        Assert.Null(tier.Asset(still)!.LivePhotoVideoId);
        var video = tier.Upload(user, Movie.Value, "IMG_0001.MOV").Id;
        await tier.RunJobsAsync();

        Assert.Equal(video, tier.Asset(still)!.LivePhotoVideoId);
        Assert.Equal(AssetVisibility.Hidden, tier.Asset(video)!.Visibility);
        Assert.Equal(1, tier.Get<AssetService>().ListTimeline(user, null, null).Total);

        var before = LivePhotoColumns();
        await tier.Get<MetadataService>().ExtractAsync(still, CancellationToken.None);
        await tier.Get<MetadataService>().ExtractAsync(video, CancellationToken.None);
        Assert.Equal(before, LivePhotoColumns());
        Assert.Equal(2, before.Count);
    }

    [Fact]
    public async Task Video_first_then_the_still_pair_by_content_identifier_without_livePhotoVideoId()
    {
        var user = tier.CreateUser("ann");
        var video = tier.Upload(user, Movie.Value, "IMG_0001.MOV").Id;
        await tier.RunJobsAsync();
        Assert.Equal(AssetVisibility.Timeline, tier.Asset(video)!.Visibility);
        var still = tier.Upload(user, Still.Value, "IMG_0001.HEIC").Id;
        await tier.RunJobsAsync();

        Assert.Equal(video, tier.Asset(still)!.LivePhotoVideoId);
        Assert.Equal(AssetVisibility.Hidden, tier.Asset(video)!.Visibility);
        Assert.Equal(1, tier.Get<AssetService>().ListTimeline(user, null, null).Total);
    }

    [Fact]
    public async Task Halves_of_two_users_with_the_same_identifier_never_pair()
    {
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var still = tier.Upload(ann, Still.Value, "IMG_0001.HEIC").Id;
        var video = tier.Upload(bob, Movie.Value, "IMG_0001.MOV").Id;
        await tier.RunJobsAsync();
        Assert.Null(tier.Asset(still)!.LivePhotoVideoId);
        Assert.Equal(AssetVisibility.Timeline, tier.Asset(video)!.Visibility);
    }

    [Fact]
    public void A_livePhotoVideoId_of_someone_elses_video_is_refused_and_stores_nothing()
    {
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var bobsVideo = tier.Upload(bob, Movie.Value, "IMG_0001.MOV").Id;
        var files = tier.LibraryFiles().Count;

        var detail = ServiceTier.Refused(400, () => tier.Upload(ann, Still.Value, "IMG_0001.HEIC",
            fields: new Dictionary<string, string> { ["livePhotoVideoId"] = bobsVideo }));
        Assert.Contains("livePhotoVideoId", detail, StringComparison.Ordinal);
        Assert.Equal(files, tier.LibraryFiles().Count);
        Assert.Equal(AssetVisibility.Timeline, tier.Asset(bobsVideo)!.Visibility);
        Assert.Equal(0, tier.Get<AssetService>().ListTimeline(ann, null, null).Total);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(tier.Options.LibraryDir, ".tmp")));
    }

    [Fact]
    public void Trashing_the_still_trashes_its_video_restoring_restores_both_and_deleting_deletes_both()
    {
        var user = tier.CreateUser("ann");
        var video = tier.Upload(user, Movie.Value, "IMG_0001.MOV").Id;
        var still = tier.Upload(user, Still.Value, "IMG_0001.HEIC", fields: new Dictionary<string, string> { ["livePhotoVideoId"] = video }).Id;
        var assets = tier.Get<AssetService>();

        assets.Trash(user, still);
        Assert.NotNull(tier.Asset(video)!.DeletedAt);
        Assert.Equal(still, Assert.Single(assets.ListTrash(user)).Id); // the trash, too, shows one photo
        assets.Restore(user, still);
        Assert.Null(tier.Asset(still)!.DeletedAt);
        Assert.Null(tier.Asset(video)!.DeletedAt);

        assets.Trash(user, still);
        assets.EmptyTrash(user);
        Assert.Null(tier.Asset(still));
        Assert.Null(tier.Asset(video));
        Assert.Empty(tier.LibraryFiles());
    }

    /// <summary>Every asset's pairing state: what a second run of the metadata step must leave as it is.</summary>
    private List<(string Id, string? Video, string Visibility, string? Identifier, long UpdatedAt)> LivePhotoColumns()
    {
        using var db = tier.Database.Open();
        return db.Query(
            "SELECT id, live_photo_video_id, visibility, content_identifier, updated_at FROM assets ORDER BY id;",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4)));
    }
}
