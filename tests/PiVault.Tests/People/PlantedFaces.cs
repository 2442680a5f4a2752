using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.People;

/// <summary>
/// Faces as the ML half's <c>asset.faces</c> step would store them, without any model: random unit "identities" and
/// faces near them (the identity plus Gaussian noise, normalised), written straight into <c>asset_faces</c> on real
/// photos of the service tier, with the photo's <c>faces_at</c> stamped. Same seed, same vectors.
/// </summary>
internal sealed class PlantedFaces(ServiceTier tier, int dimensions = 64, int seed = 17)
{
    /// <summary>Per-component noise that puts two faces of one identity about 0.1–0.2 apart (cosine), strangers about 1.</summary>
    public const double Noise = 0.03;

    private readonly Random random = new(seed);
    private int photos;

    /// <summary>A new identity: a random direction.</summary>
    public float[] Identity() => Normalised(Enumerable.Range(0, dimensions).Select(_ => (float)Gaussian()).ToArray());

    /// <summary>Another face of the identity.</summary>
    public float[] FaceOf(float[] identity, double noise = Noise) =>
        Normalised(identity.Select(v => (float)(v + (noise * Gaussian()))).ToArray());

    /// <summary>A new photo of <paramref name="owner"/> with these faces on it; returns the asset id and the face ids.</summary>
    public (string AssetId, List<string> FaceIds) Photo(Caller owner, params float[][] embeddings)
    {
        var assetId = tier.Photo(owner, 100_000 + Interlocked.Increment(ref photos) + (seed * 1000));
        var ids = embeddings.Select((e, i) => Face(owner, assetId, e, i)).ToList();
        using var db = tier.Database.Open();
        db.Execute("UPDATE assets SET faces_at = $now WHERE id = $id;", ("$id", assetId), ("$now", tier.Time.GetUtcNow().ToDb()));
        return (assetId, ids);
    }

    /// <summary>One machine face on an asset (a box per index, so boxes on one photo differ).</summary>
    public string Face(Caller owner, string assetId, float[] embedding, int index = 0)
    {
        var id = Guid.NewGuid().ToString();
        var now = tier.Time.GetUtcNow();
        using var db = tier.Database.Open();
        tier.Get<FaceStore>().Insert(db, new FaceRecord(0, id, assetId, owner.UserId, null, 1440, 1080, 100 + (index * 200), 100, 250 + (index * 200), 300,
            0.9 - (index * 0.01), FaceRecord.MachineLearning, VectorTable.Blob(embedding), "planted", now, now, 0));
        return id;
    }

    /// <summary>Runs the people step on the photos, in this order, as the queue would.</summary>
    public async Task ClusterAsync(IEnumerable<string> assetIds)
    {
        foreach (var id in assetIds)
        {
            await tier.Get<PeopleJob>().RunAsync(id, CancellationToken.None);
        }
    }

    /// <summary>Each face's person (null: unassigned).</summary>
    public string? PersonOf(string faceId)
    {
        using var db = tier.Database.Open();
        return db.Scalar<string>("SELECT person_id FROM asset_faces WHERE id = $id;", ("$id", faceId));
    }

    private static float[] Normalised(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private double Gaussian() =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
