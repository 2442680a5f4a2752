using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml.Faces;
using Xunit.Abstractions;

namespace PiVault.Tests.People;

/// <summary>
/// The people step over the real faces of the corpus' labelled photos: YuNet + MobileFaceNet embeddings
/// (<see cref="CorpusFaces"/>) stored as the faces step stores them, one photo at a time, then clustered with Immich's
/// rules. Pairwise scores: precision over every pair of faces put into one person, recall over the pairs of frontal
/// faces of the people with at least minFaces (3) faces — a person seen fewer times cannot make a person by that rule.
/// </summary>
public sealed class CorpusClusteringTests(ITestOutputHelper output) : IDisposable
{
    private const int MinFaces = 3;

    private readonly string models = TempDir.Create();

    public void Dispose() => TempDir.Delete(models);

    [Fact]
    public async Task The_corpus_people_cluster_with_precision_and_recall_above_the_targets()
    {
        using var library = CorpusFaces.Library(models);
        var faces = CorpusFaces.Embeddings(CorpusFaces.Pipeline(library));
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var planted = new PlantedFaces(tier, dimensions: 128);
        var stored = new List<(string Label, string FaceId)>();
        var assets = new List<string>();
        foreach (var photo in faces.GroupBy(f => f.Photo))
        {
            var (assetId, faceIds) = planted.Photo(ann, [.. photo.Select(f => f.Embedding)]);
            assets.Add(assetId);
            stored.AddRange(photo.Zip(faceIds, (f, id) => (f.Person, id)));
        }

        await planted.ClusterAsync(assets);

        var people = stored.Select(s => (s.Label, Person: planted.PersonOf(s.FaceId))).ToList();
        var pairs = people.SelectMany((a, i) => people.Skip(i + 1).Select(b => (A: a, B: b))).ToList();
        var clustered = pairs.Where(p => p.A.Person is not null && p.A.Person == p.B.Person).ToList();
        var truePositives = clustered.Count(p => CorpusFaces.PersonOf(p.A.Label) == CorpusFaces.PersonOf(p.B.Label));
        var countable = people.Where(p => !p.Label.Contains('/', StringComparison.Ordinal)).GroupBy(p => p.Label)
            .Where(g => g.Count() >= MinFaces).SelectMany(g => g).ToList();
        var samePairs = countable.SelectMany((a, i) => countable.Skip(i + 1).Where(b => b.Label == a.Label).Select(b => (A: a, B: b))).ToList();
        var found = samePairs.Count(p => p.A.Person is not null && p.A.Person == p.B.Person);
        output.WriteLine(string.Join("\n", people.Select(p => $"{p.Label}: {p.Person ?? "-"}")));

        Assert.NotEmpty(clustered);
        Assert.True(samePairs.Count >= 6, $"only {samePairs.Count} same-person pairs to count");
        var precision = (double)truePositives / clustered.Count;
        var recall = (double)found / samePairs.Count;
        output.WriteLine($"precision {precision:F3} over {clustered.Count} pairs, recall {recall:F3} over {samePairs.Count} pairs");
        Assert.True(precision >= 0.95, $"precision {precision:F3}");
        Assert.True(recall >= 0.9, $"recall {recall:F3}");
        Assert.Equal(2, people.Where(p => p.Person is not null).Select(p => p.Person).Distinct().Count()); // Obama and Biden
    }
}
