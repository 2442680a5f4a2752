using PiVault.Ml.Clip;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Ml;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Queue;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;
using Xunit;

namespace PiVault.Tests.Ml.Clip;

/// <summary>
/// Smart search in the service tier: real SQLite with sqlite-vec, real libvips on real JPEG previews, real ONNX Runtime
/// on the generated CLIP graphs (<see cref="ClipTestModel"/>); only the thumbnailer is the tier's fake (its previews are
/// replaced by real JPEGs where the image tower must see them).
/// </summary>
public sealed class SmartSearchServiceTests
{
    [Fact]
    public async Task Without_a_model_the_step_ends_unstamped_and_search_says_why()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("ann");
        var id = tier.Photo(owner, 1);

        await tier.RunJobsAsync();

        Assert.NotNull(tier.Asset(id)!.ThumbnailsAt);
        Assert.False(Stamped(tier, id));
        var counts = tier.Get<JobQueue>().Counts(JobKinds.SmartSearchQueue);
        Assert.Equal((0L, 0L), (counts.Pending, counts.Failed));
        var reason = ServiceTier.Refused(409, () => Search(tier, owner, "a cat"));
        Assert.Contains(ClipTestModel.Name, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Previews_are_embedded_as_the_config_says_and_more_like_this_ranks_by_colour()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("ann");
        (byte, byte, byte)[] colours = [(230, 20, 20), (20, 20, 230), (230, 120, 20), (20, 200, 20)]; // red, blue, orange, green
        var ids = colours.Select((_, i) => tier.Photo(owner, 10 + i)).ToList();
        await tier.RunJobsAsync();
        ClipTestModel.Install(tier.Options.ModelsRoot);
        for (var i = 0; i < ids.Count; i++)
        {
            tier.Get<DerivedFileStore>().Write(owner.UserId, ids[i], DerivedKind.Preview, SolidJpeg.Of(480, 320, colours[i]));
            await tier.Get<SmartSearchService>().EmbedAsync(ids[i], CancellationToken.None);
        }

        using (var db = tier.Database.Open())
        {
            for (var i = 0; i < ids.Count; i++)
            {
                Assert.True(Stamped(tier, ids[i]));
                var stored = tier.Get<EmbeddingIndex>().Get(db, ids[i])!;
                var expected = ClipTestModel.EmbeddingOfColour(colours[i].Item1, colours[i].Item2, colours[i].Item3);
                Assert.All(Enumerable.Range(0, 512), d => Assert.Equal(expected[d], stored[d], 0.02f));
            }
        }
        var (items, next) = tier.Get<SmartSearchService>().Search(owner, null, ids[0], new AssetQuery(), null, null);

        var byCloseness = Enumerable.Range(0, ids.Count)
            .OrderByDescending(i => Dot(ClipTestModel.EmbeddingOfColour(230, 20, 20), ClipTestModel.EmbeddingOfColour(colours[i].Item1, colours[i].Item2, colours[i].Item3)))
            .Select(i => ids[i]).ToList();
        Assert.Equal(byCloseness, items.ConvertAll(a => a.Asset.Id));
        Assert.Equal([ids[0], ids[2]], items.Take(2).Select(a => a.Asset.Id)); // red itself, then orange
        Assert.Null(next);
    }

    [Fact]
    public async Task Text_queries_rank_planted_embeddings_within_filters_and_pages_of_the_callers_own_photos()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 6).Select(i => tier.Photo(ann, 100 + i, start.AddDays(i))).ToList();
        var bobs = tier.Photo(bob, 200);
        await tier.RunJobsAsync();
        ClipTestModel.Install(tier.Options.ModelsRoot);
        var query = tier.Get<SmartSearchModel>().EmbedText("red bicycle at night");
        // Asset i sits at angle 10° * (i + 1) from the query, in a random order of upload; bob's is the query itself.
        int[] rank = [3, 0, 5, 1, 4, 2];
        using (var db = tier.Database.Open())
        {
            var index = tier.Get<EmbeddingIndex>();
            index.Ensure(db, 512);
            for (var i = 0; i < ids.Count; i++)
            {
                index.Put(db, ids[i], ann.UserId, AtAngle(query, 10 * (rank[i] + 1)));
            }
            index.Put(db, bobs, bob.UserId, query);
            db.Execute("UPDATE assets SET is_favorite = 1 WHERE id IN ($a, $b);", ("$a", ids[2]), ("$b", ids[4]));
        }
        var best = ids.OrderBy(id => rank[ids.IndexOf(id)]).ToList();

        var pages = new List<string>();
        int? page = 1;
        while (page is { } number)
        {
            var (items, next) = tier.Get<SmartSearchService>().Search(ann, "red bicycle at night", null, new AssetQuery(), number, 4);
            Assert.InRange(items.Count, 1, 4);
            pages.AddRange(items.Select(a => a.Asset.Id));
            page = next;
        }
        Assert.Equal(best, pages);
        Assert.Equal(best.Where(id => id == ids[2] || id == ids[4]),
            Search(tier, ann, "red bicycle at night", new AssetQuery { IsFavorite = true }));
        Assert.Equal(best.Where(id => ids.IndexOf(id) >= 3),
            Search(tier, ann, "red bicycle at night", new AssetQuery { TakenAfter = start.AddDays(3) }));
        var album = tier.Get<AlbumService>().Create(ann, new CreateAlbumRequest("Trip", null, [ids[5], ids[0]]));
        Assert.Equal(best.Where(id => id == ids[0] || id == ids[5]),
            Search(tier, ann, "red bicycle at night", new AssetQuery { AlbumIds = [album.Id] }));
        Assert.Equal([bobs], Search(tier, bob, "red bicycle at night"));
        Assert.Equal(1, tier.Get<SmartSearchModel>().CachedCount); // the same query was embedded once
    }

    [Fact]
    public async Task A_filter_that_leaves_few_photos_past_the_nearest_ones_still_finds_them()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var ids = Enumerable.Range(0, 3).Select(i => tier.Photo(ann, 300 + i)).ToList();
        ClipTestModel.Install(tier.Options.ModelsRoot);
        var query = tier.Get<SmartSearchModel>().EmbedText("a dog");
        using (var db = tier.Database.Open())
        {
            var index = tier.Get<EmbeddingIndex>();
            index.Ensure(db, 512);
            // 600 unfiltered neighbours nearer than the one favourite: more than the first k the search asks vec0 for.
            var random = new Random(5);
            for (var i = 0; i < 600; i++)
            {
                index.Put(db, $"not-an-asset-{i}", ann.UserId, AtAngle(query, random.Next(1, 20)));
            }
            index.Put(db, ids[0], ann.UserId, AtAngle(query, 60));
            index.Put(db, ids[1], ann.UserId, AtAngle(query, 30));
            index.Put(db, ids[2], ann.UserId, AtAngle(query, 45));
            db.Execute("UPDATE assets SET is_favorite = 1 WHERE id = $a;", ("$a", ids[0]));
        }

        Assert.Equal([ids[1], ids[2], ids[0]], Search(tier, ann, "a dog"));
        Assert.Equal([ids[0]], Search(tier, ann, "a dog", new AssetQuery { IsFavorite = true }));
    }

    [Fact]
    public async Task A_corrupt_model_leaves_the_asset_unstamped_without_failing_the_job_and_turns_the_feature_off()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("ann");
        var id = tier.Photo(owner, 1);
        await tier.RunJobsAsync();
        var folder = ClipTestModel.Install(tier.Options.ModelsRoot);
        File.WriteAllBytes(Path.Combine(folder, "visual", "model.onnx"), [1, 2, 3, 4, 5]);
        tier.Get<DerivedFileStore>().Write(owner.UserId, id, DerivedKind.Preview, SolidJpeg.Of(64, 64, (1, 2, 3)));

        await tier.Get<SmartSearchService>().EmbedAsync(id, CancellationToken.None); // once installed again, the admin's "missing" run does it

        Assert.False(Stamped(tier, id));
        var feature = Assert.Single(tier.Get<MlFeatures>().All(), f => f.Feature == MlFeatures.SmartSearch);
        Assert.False(feature.On);
        Assert.Contains(ClipTestModel.Name, feature.Reason, StringComparison.Ordinal); // the admin sees which model broke
    }

    [Fact]
    public async Task Purging_a_photo_removes_its_embedding()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("ann");
        var id = tier.Photo(owner, 1);
        using (var db = tier.Database.Open())
        {
            tier.Get<EmbeddingIndex>().Ensure(db, 512);
            tier.Get<EmbeddingIndex>().Put(db, id, owner.UserId, ClipTestModel.EmbeddingOfColour(1, 2, 3));
        }

        tier.Get<AssetService>().DeletePermanently(owner, id);

        using var check = tier.Database.Open();
        Assert.Null(tier.Get<EmbeddingIndex>().Get(check, id));
        Assert.Equal(0, tier.Get<EmbeddingIndex>().Count(check, owner.UserId));
    }

    private static List<string> Search(ServiceTier tier, Caller caller, string text, AssetQuery? filters = null) =>
        tier.Get<SmartSearchService>().Search(caller, text, null, filters ?? new AssetQuery(), 1, 100).Items.ConvertAll(a => a.Asset.Id);

    private static bool Stamped(ServiceTier tier, string id)
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT smart_search_at IS NOT NULL FROM assets WHERE id = $id;", ("$id", id)) == 1;
    }

    /// <summary>A unit vector <paramref name="degrees"/> away from <paramref name="query"/> (turned towards a fixed orthogonal direction).</summary>
    private static float[] AtAngle(float[] query, double degrees)
    {
        var other = new float[query.Length];
        other[0] = 1;
        var along = Dot(other, query);
        for (var d = 0; d < other.Length; d++)
        {
            other[d] -= along * query[d];
        }
        ClipImage.Normalise(other);
        var (cos, sin) = ((float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180));
        return ClipImage.Normalise([.. query.Select((q, d) => q * cos + other[d] * sin)]);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
