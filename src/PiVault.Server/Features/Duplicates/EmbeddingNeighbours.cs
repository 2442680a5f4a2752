using Microsoft.Data.Sqlite;
using PiVault.Server.Configuration;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// Neighbours by CLIP image embedding, as Immich finds duplicates: among the 64 nearest of the owner's stored embeddings
/// (the smart-search step's, sqlite-vec's cosine distance), the photos within <see cref="PiVaultOptions.DuplicateMaxDistance"/>
/// (0.01 by default). Nothing while the photo has no embedding yet: smart search starts the duplicate step again once it
/// stores one (its follow-up in <c>Pipeline/JobSteps</c>).
/// </summary>
public sealed class EmbeddingNeighbours(EmbeddingIndex index, PiVaultOptions options) : IDuplicateNeighbours
{
    /// <summary>How many nearest embeddings are looked at (Immich's duplicate search asks for 64 too).</summary>
    public const int Nearest = 64;

    public string Source => "clip";

    public IReadOnlyList<string> NeighboursOf(SqliteConnection db, string ownerId, string assetId) =>
        index.PhotosWithin(db, ownerId, assetId, options.DuplicateMaxDistance, Nearest);
}
