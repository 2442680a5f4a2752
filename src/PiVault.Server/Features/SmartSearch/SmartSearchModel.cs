using PiVault.Ml.Clip;
using PiVault.Ml.Models;
using PiVault.Server.Data;
using PiVault.Server.Features.Ml;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// The CLIP model smart search runs on (the manifest's default CLIP, <see cref="MlFeatures.ModelFor"/>), whether
/// smart search can run now (the model and sqlite-vec both present), and the recent queries' text embeddings: a
/// household types the same few searches again and again, and the text tower costs a model load and an inference.
/// </summary>
public sealed class SmartSearchModel(IModels models, MlFeatures features)
{
    /// <summary>How many query embeddings are kept (Immich keeps 100).</summary>
    public const int CachedQueries = 100;

    private readonly Lock gate = new();
    private readonly LinkedList<(string Key, float[] Vector)> recent = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> byKey = new(StringComparer.Ordinal);
    private ClipEncoder? encoder;

    /// <summary>Null when smart search can run, else why not (a sentence for the admin or the API's 4xx body).</summary>
    public string? OffReason()
    {
        if (!SqliteVec.Available)
        {
            return $"Smart search is off: {SqliteVec.Reason}.";
        }
        var status = features.All().FirstOrDefault(f => f.Feature == MlFeatures.SmartSearch);
        return status is { On: true } ? null : $"Smart search is off: {status?.Reason ?? "no CLIP model"}.";
    }

    /// <summary>The encoder of the current CLIP model (the manifest's default; a config change picks up a new one).</summary>
    public ClipEncoder Encoder
    {
        get
        {
            var name = features.ModelFor(MlFeatures.SmartSearch) ?? throw new ModelUnavailableException("clip", "the model manifest has no CLIP model");
            lock (gate)
            {
                if (encoder?.Model != name)
                {
                    encoder = new ClipEncoder(models, name);
                }
                return encoder;
            }
        }
    }

    /// <summary>The embedding of a text query, from the cache when it was asked recently.</summary>
    public float[] EmbedText(string query)
    {
        var clip = Encoder;
        var key = clip.Model + "\n" + query;
        lock (gate)
        {
            if (byKey.TryGetValue(key, out var hit))
            {
                recent.Remove(hit);
                recent.AddFirst(hit);
                return hit.Value.Vector;
            }
        }
        var vector = clip.EmbedText(query);
        lock (gate)
        {
            if (!byKey.ContainsKey(key))
            {
                byKey[key] = recent.AddFirst((key, vector));
                if (recent.Count > CachedQueries)
                {
                    byKey.Remove(recent.Last!.Value.Key);
                    recent.RemoveLast();
                }
            }
        }
        return vector;
    }

    /// <summary>How many text embeddings the cache holds (for tests).</summary>
    public int CachedCount
    {
        get
        {
            lock (gate)
            {
                return recent.Count;
            }
        }
    }
}
