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
