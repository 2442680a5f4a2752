using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// One way of finding the assets that show the same picture as a given one. The duplicate step asks every registered
/// source and groups the union: the perceptual hash (<see cref="PerceptualHashNeighbours"/>) and the CLIP image
/// embeddings (<see cref="EmbeddingNeighbours"/>, Immich's cosine distance ≤ 0.01).
/// </summary>
public interface IDuplicateNeighbours
{
    /// <summary>What <c>duplicate_members.source</c> records for an asset this source found ("phash", "clip").</summary>
    string Source { get; }

    /// <summary>
    /// The owner's other assets, not in the trash, that look like <paramref name="assetId"/>'s picture. Called inside the
    /// step's transaction, after the asset's own signal (its hash) is stored; empty when the asset has no signal yet.
    /// </summary>
    IReadOnlyList<string> NeighboursOf(SqliteConnection db, string ownerId, string assetId);
}

/// <summary>
/// Neighbours by perceptual hash: every stored hash of the owner within <see cref="PerceptualHash.SamePictureDistance"/>
/// bits. An exact scan: 100 000 hashes are 800 KB and a few milliseconds of XOR and popcount (bench/results/duplicates.md).
/// </summary>
public sealed class PerceptualHashNeighbours : IDuplicateNeighbours
{
    public string Source => "phash";

    public IReadOnlyList<string> NeighboursOf(SqliteConnection db, string ownerId, string assetId)
    {
        if (DuplicateStore.HashOf(db, assetId) is not { } hash)
        {
            return [];
        }
        using var command = db.Command(
            "SELECT id, phash FROM assets WHERE owner_id = $owner AND phash IS NOT NULL AND deleted_at IS NULL AND id <> $id;",
            ("$owner", ownerId), ("$id", assetId));
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
        {
            if (PerceptualHash.SamePicture(hash, unchecked((ulong)reader.GetInt64(1))))
            {
                found.Add(reader.GetString(0));
            }
        }
        return found;
    }
}
