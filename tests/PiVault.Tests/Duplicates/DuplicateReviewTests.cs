using Microsoft.Extensions.DependencyInjection;
using PiVault.Native.Vips;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Duplicates;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Duplicates;

/// <summary>
/// The duplicate step and review in the service tier with the real libvips thumbnailer and hash: uploads of corpus photos
/// and their copies go through metadata, thumbnails and the duplicate search, then the review resolves or dismisses.
/// </summary>
public sealed class DuplicateReviewTests : IAsyncLifetime
{
    private const string Village = "exif-samples/jpg/gps/DSCN0012.jpg";
    private const string Kodak = "exif-samples/jpg/exif-org/kodak-dc240.jpg";

    private readonly ServiceTier tier = new(overrides: services =>
    {
        services.AddSingleton<IThumbnailer>(new VipsThumbnailer());
        services.AddSingleton<IPreviewHasher, VipsPreviewHasher>();
    });

    private Caller owner = null!;

    public Task InitializeAsync()
    {
        owner = tier.CreateUser("owner");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await tier.DisposeAsync();

    private DuplicateService Review => tier.Get<DuplicateService>();

    [Fact]
    public async Task Copies_are_grouped_with_their_original_and_different_photos_are_not()
    {
        var village = UploadWithCopies(owner, Village);
        var kodak = UploadWithCopies(owner, Kodak);
        await RunJobsAsync(tier);

        var groups = Review.List(owner);
        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.Select(m => m.AssetId).ToHashSet().SetEquals(village.Values));
        Assert.Contains(groups, g => g.Select(m => m.AssetId).ToHashSet().SetEquals(kodak.Values));
        // Largest resolution, then most metadata, then largest file: the PNG (libvips keeps the EXIF) ties the original on
        // both and is the larger file; the half-size copy, the Q30 copy (metadata stripped) and the crop lose.
        Assert.Contains(groups, g => DuplicateService.SuggestedKeep(g) == village["png"]);
    }

    [Fact]
    public async Task Resolving_keeps_the_chosen_photo_and_trashes_the_others()
    {
        var village = UploadWithCopies(owner, Village);
        await RunJobsAsync(tier);
        var group = Assert.Single(Review.List(owner));
        var files = tier.LibraryFiles();

        var trashed = Review.Resolve(owner, group[0].GroupId, [village["png"]]);

        Assert.Equal(4, trashed);
        Assert.Null(tier.Asset(village["png"])!.DeletedAt);
        Assert.All(village.Values.Where(id => id != village["png"]), id => Assert.NotNull(tier.Asset(id)!.DeletedAt));
        Assert.Equal(files, tier.LibraryFiles()); // trash, never delete
        Assert.Empty(Review.List(owner));
    }

    [Fact]
    public async Task A_dismissed_group_does_not_come_back_for_the_same_photos()
    {
        var village = UploadWithCopies(owner, Village);
        await RunJobsAsync(tier);
        Review.Dismiss(owner, Assert.Single(Review.List(owner))[0].GroupId);

        foreach (var id in village.Values)
        {
            await tier.Get<DuplicateJob>().RunAsync(id, CancellationToken.None); // the admin's "search all again"
        }

        Assert.Empty(Review.List(owner));
    }

    [Fact]
    public async Task Trashed_photos_leave_their_group_and_come_back_when_restored()
    {
        var original = Upload(owner, Village, File.ReadAllBytes(Uploads.CorpusFile(Village)), "original.jpg");
        var copy = Upload(owner, Village, PhotoVariants.Of(Uploads.CorpusFile(Village))["jpeg-q30"], "copy.jpg");
        await RunJobsAsync(tier);
        Assert.Single(Review.List(owner));

        tier.Get<AssetService>().Trash(owner, copy);
        Assert.Empty(Review.List(owner));

        tier.Get<AssetService>().Restore(owner, copy);
        Assert.Equal(new[] { original, copy }.Order(StringComparer.Ordinal),
            Assert.Single(Review.List(owner)).Select(m => m.AssetId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_owner_sees_and_resolves_a_group_and_photos_of_two_people_never_mix()
    {
        var other = tier.CreateUser("other");
        var village = UploadWithCopies(owner, Village);
        Upload(other, Village, PhotoVariants.Of(Uploads.CorpusFile(Village))["png"], "theirs.png");
        await RunJobsAsync(tier);

        var group = Assert.Single(Review.List(owner));
        Assert.Equal(village.Values.Order(StringComparer.Ordinal), group.Select(m => m.AssetId).Order(StringComparer.Ordinal));
        Assert.Empty(Review.List(other));
        ServiceTier.Refused(404, () => Review.Resolve(other, group[0].GroupId, [village["original"]]));
        ServiceTier.Refused(404, () => Review.Dismiss(other, group[0].GroupId));
        Assert.All(village.Values, id => Assert.Null(tier.Asset(id)!.DeletedAt));
    }

    [Fact]
    public async Task A_resolve_that_does_not_name_the_group_right_changes_nothing()
    {
        var village = UploadWithCopies(owner, Village);
        var kodak = Upload(owner, Kodak, File.ReadAllBytes(Uploads.CorpusFile(Kodak)), "kodak.jpg");
        await RunJobsAsync(tier);
        var groupId = Assert.Single(Review.List(owner))[0].GroupId;

        ServiceTier.Refused(400, () => Review.Resolve(owner, groupId, []));
        ServiceTier.Refused(400, () => Review.Resolve(owner, groupId, [kodak]));
        ServiceTier.Refused(400, () => Review.Resolve(owner, groupId, [village["original"], village["original"]]));
        ServiceTier.Refused(400, () => Review.Resolve(owner, groupId, [village["original"]], [village["png"]])); // Immich's form: three left unnamed
        ServiceTier.Refused(404, () => Review.Resolve(owner, "not-a-group", [village["original"]]));

        Assert.All(village.Values, id => Assert.Null(tier.Asset(id)!.DeletedAt));
        Assert.Single(Review.List(owner));
    }

    [Fact]
    public async Task A_photo_like_two_groups_merges_them_into_the_older_one()
    {
        // Planted hashes (the tier's fake): the x and y photos are 19–20 bits apart, z is 9–10 bits from x1, x2 and y1.
        await using var plain = new ServiceTier();
        var user = plain.CreateUser("planted");
        var review = plain.Get<DuplicateService>();
        var seed = 0;
        async Task<string> PhotoWithHash(ulong? hash)
        {
            var id = plain.Photo(user, seed: ++seed);
            plain.PreviewHasher.Plant(id, hash);
            await RunJobsAsync(plain);
            plain.Time.Advance(TimeSpan.FromMinutes(1));
            return id;
        }
        string[] x = [await PhotoWithHash(0), await PhotoWithHash(1)];
        string[] y = [await PhotoWithHash(0xF_FFFF), await PhotoWithHash(0xF_FFFE)];
        await PhotoWithHash(null); // a flat picture: never grouped
        Assert.Equal(2, review.List(user).Count);
        var older = review.List(user).Single(g => g.Any(m => m.AssetId == x[0]))[0].GroupId;

        var z = await PhotoWithHash(0x3FF);

        var merged = Assert.Single(review.List(user));
        Assert.Equal(older, merged[0].GroupId);
        Assert.Equal(x.Concat(y).Append(z).Order(StringComparer.Ordinal), merged.Select(m => m.AssetId).Order(StringComparer.Ordinal));
    }

    /// <summary>Runs the queued jobs and checks that no duplicate search failed (a failure would only show as "no group").</summary>
    private static async Task RunJobsAsync(ServiceTier on)
    {
        await on.RunJobsAsync();
        var failed = on.Get<JobQueue>().ListFailed(JobKinds.DuplicatesQueue, 10);
        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(f => f.Error)));
    }

    /// <summary>The corpus photo and its four copies, uploaded by <paramref name="who"/>; asset ids by variant name ("original" too).</summary>
    private Dictionary<string, string> UploadWithCopies(Caller who, string photo)
    {
        var path = Uploads.CorpusFile(photo);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { ["original"] = Upload(who, photo, File.ReadAllBytes(path), Path.GetFileName(photo)) };
        foreach (var (name, bytes) in PhotoVariants.Of(path))
        {
            ids[name] = Upload(who, photo, bytes, $"{name}.{(name == "png" ? "png" : "jpg")}");
        }
        return ids;
    }

    private string Upload(Caller who, string photo, byte[] bytes, string fileName)
    {
        var result = tier.Upload(who, bytes, fileName);
        Assert.True(result.Status == UploadStatus.Created, $"{photo} as {fileName} was not new");
        return result.Id;
    }
}
