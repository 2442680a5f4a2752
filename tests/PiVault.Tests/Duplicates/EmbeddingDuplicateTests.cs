using PiVault.Ml.Clip;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Duplicates;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml.Clip;

namespace PiVault.Tests.Duplicates;

/// <summary>
/// Duplicates found by CLIP image embeddings (Immich's cosine distance ≤ 0.01) in the service tier: real SQLite with
/// sqlite-vec and the real job runner; embeddings planted in the index, or made by ONNX Runtime from real JPEG previews
/// with the generated CLIP graphs (<see cref="ClipTestModel"/>). The planted perceptual hashes are far apart, so every
/// group here is the embeddings' doing.
/// </summary>
public sealed class EmbeddingDuplicateTests
{
    /// <summary>Pairwise 32 or more bits apart: never the same picture by hash.</summary>
    private static readonly ulong[] FarHashes = [0, 0xFFFF_FFFF, 0xFFFF_FFFF_0000_0000, ulong.MaxValue, 0x0000_FFFF_FFFF_0000];

    [Fact]
    public async Task Photos_005_apart_group_005_apart_do_not_and_owners_never_mix()
    {
        await using var tier = new ServiceTier();
        var (ann, bob, photos) = await PlantedLibrary(tier);

        var annGroup = Assert.Single(tier.Get<DuplicateService>().List(ann));
        Assert.Equal(Sorted(photos["a"], photos["b"]), Sorted([.. annGroup.Select(m => m.AssetId)]));
        Assert.Equal(["clip", "clip"], Sources(tier, annGroup[0].GroupId));
        var bobGroup = Assert.Single(tier.Get<DuplicateService>().List(bob));
        Assert.Equal(Sorted(photos["bob-a"], photos["bob-b"]), Sorted([.. bobGroup.Select(m => m.AssetId)]));
    }

    [Fact]
    public async Task The_distance_is_a_setting()
    {
        await using var tier = new ServiceTier(configure: o => o with { DuplicateMaxDistance = 0.06 });
        var (ann, _, photos) = await PlantedLibrary(tier);

        var group = Assert.Single(tier.Get<DuplicateService>().List(ann));
        Assert.Equal(Sorted(photos["a"], photos["b"], photos["c"]), Sorted([.. group.Select(m => m.AssetId)]));
    }

    [Fact]
    public async Task Storing_an_embedding_runs_the_duplicate_search_again()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var ids = Enumerable.Range(0, 3).Select(i => tier.Photo(ann, 40 + i)).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            tier.PreviewHasher.Plant(ids[i], FarHashes[i]);
        }
        await tier.RunJobsAsync(); // no model yet: hashes only, nothing alike
        Assert.All(ids, id => Assert.True(DuplicatesDone(tier, id)));
        Assert.Empty(tier.Get<DuplicateService>().List(ann));

        // The model arrives; two photos have the same red preview, the third a blue one. The admin's "missing" embeds them.
        ClipTestModel.Install(tier.Options.ModelsRoot);
        (byte, byte, byte)[] colours = [(230, 20, 20), (20, 20, 230), (230, 20, 20)];
        for (var i = 0; i < ids.Count; i++)
        {
            tier.Get<DerivedFileStore>().Write(ann.UserId, ids[i], DerivedKind.Preview, SolidJpeg.Of(320, 240, colours[i]));
        }
        Assert.Equal(3, tier.Get<JobAdminService>().QueueMissing(JobKinds.SmartSearchQueue).Affected);
        await tier.RunJobsAsync();

        Assert.Empty(tier.Get<JobQueue>().ListFailed(JobKinds.DuplicatesQueue, 10));
        var group = Assert.Single(tier.Get<DuplicateService>().List(ann));
        Assert.Equal(Sorted(ids[0], ids[2]), Sorted([.. group.Select(m => m.AssetId)]));
        Assert.Equal(["clip", "clip"], Sources(tier, group[0].GroupId));
    }

    [Fact]
    public async Task Smart_search_without_a_model_does_not_run_the_duplicate_search_again()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var ids = Enumerable.Range(0, 2).Select(i => tier.Photo(ann, 60 + i)).ToList();
        await tier.RunJobsAsync();
        Assert.All(ids, id => Assert.True(DuplicatesDone(tier, id)));
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE assets SET duplicates_at = NULL;");
        }

        Assert.Equal(2, tier.Get<JobAdminService>().QueueMissing(JobKinds.SmartSearchQueue).Affected);
        await tier.RunJobsAsync(); // no model: nothing stored, so no duplicate search follows (JobSteps: FollowsOnlyWhenDone)

        Assert.All(ids, id => Assert.False(DuplicatesDone(tier, id)));
    }

    /// <summary>
    /// Ann's photos a, b (0.005 from a) and c (0.05 from a, on another side, so farther still from b); Bob's bob-a with
    /// exactly a's embedding and bob-b with exactly b's. The jobs run with the embeddings already stored.
    /// </summary>
    private static async Task<(Caller Ann, Caller Bob, Dictionary<string, string> Photos)> PlantedLibrary(ServiceTier tier)
    {
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var random = new Random(16);
        var a = RandomUnit(random);
        var towardsB = Orthogonal(RandomUnit(random), a);
        var towardsC = Orthogonal(Orthogonal(RandomUnit(random), a), towardsB);
        var planted = new (string Name, Caller Owner, float[] Embedding)[]
        {
            ("a", ann, a), ("b", ann, AtDistance(a, towardsB, 0.005)), ("c", ann, AtDistance(a, towardsC, 0.05)),
            ("bob-a", bob, a), ("bob-b", bob, AtDistance(a, towardsB, 0.005)),
        };
        var photos = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var db = tier.Database.Open())
        {
            var index = tier.Get<EmbeddingIndex>();
            index.Ensure(db, a.Length);
            for (var i = 0; i < planted.Length; i++)
            {
                var id = tier.Photo(planted[i].Owner, 60 + i);
                tier.PreviewHasher.Plant(id, FarHashes[i]);
                index.Put(db, id, planted[i].Owner.UserId, planted[i].Embedding);
                photos[planted[i].Name] = id;
            }
        }
        Assert.All(FarHashes.SelectMany(x => FarHashes.Where(y => y != x), (x, y) => PerceptualHash.Distance(x, y)),
            bits => Assert.True(bits > PerceptualHash.SamePictureDistance));
        await tier.RunJobsAsync();
        Assert.Empty(tier.Get<JobQueue>().ListFailed(JobKinds.DuplicatesQueue, 10));
        return (ann, bob, photos);
    }

    private static float[] RandomUnit(Random random) => ClipImage.Normalise([.. Enumerable.Range(0, ClipTestModel.Dimensions).Select(_ => (float)(random.NextDouble() - 0.5))]);

    /// <summary><paramref name="vector"/> without its component along the unit <paramref name="from"/>, normalised.</summary>
    private static float[] Orthogonal(float[] vector, float[] from)
    {
        var along = vector.Zip(from, (x, y) => x * y).Sum();
        return ClipImage.Normalise([.. vector.Select((x, d) => x - along * from[d])]);
    }

    /// <summary>The unit vector at cosine distance <paramref name="distance"/> from <paramref name="from"/>, turned towards <paramref name="towards"/>.</summary>
    private static float[] AtDistance(float[] from, float[] towards, double distance)
    {
        var cos = 1 - distance;
        var sin = Math.Sqrt(1 - cos * cos);
        return [.. from.Select((x, d) => (float)(x * cos + towards[d] * sin))];
    }

    private static List<string> Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static List<string> Sources(ServiceTier tier, string groupId)
    {
        using var db = tier.Database.Open();
        return db.Query("SELECT source FROM duplicate_members WHERE group_id = $group ORDER BY source;", r => r.GetString(0), ("$group", groupId));
    }

    private static bool DuplicatesDone(ServiceTier tier, string id)
    {
        using var db = tier.Database.Open();
        return db.Scalar<long>("SELECT duplicates_at IS NOT NULL FROM assets WHERE id = $id;", ("$id", id)) == 1;
    }
}
