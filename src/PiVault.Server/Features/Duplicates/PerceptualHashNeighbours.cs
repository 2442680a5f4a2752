using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// Neighbours by perceptual hash: every stored hash of the owner within <see cref="PerceptualHash.SamePictureDistance"/>
/// bits, found by multi-index hashing rather than a scan (migration 0022): the hash is cut into <see cref="Bands"/>
/// 16-bit bands, each indexed; a hash within T bits differs in some band by at most T / 4 bits (pigeonhole), so the
/// candidates are the assets whose band k is one of the values within T / 4 bits of this hash's band k, for some k.
/// Their full distance is then checked, so the answer is exactly the scan's.
/// </summary>
public sealed class PerceptualHashNeighbours : IDuplicateNeighbours
{
    public const int Bands = 4;
    private const int BandBits = 64 / Bands;

    /// <summary>How far a band of a neighbour can be from this hash's band (in bits) when no band is nearer.</summary>
    public const int BandRadius = PerceptualHash.SamePictureDistance / Bands;

    private static readonly string CandidatesSql = string.Join(" UNION ", Enumerable.Range(0, Bands).Select(band =>
        $"SELECT id, phash FROM assets WHERE owner_id = $owner AND phash IS NOT NULL AND phash_band{band} IN (SELECT value FROM json_each($band{band}))"));

    public string Source => "phash";

    public IReadOnlyList<string> NeighboursOf(SqliteConnection db, string ownerId, string assetId)
    {
        if (DuplicateStore.HashOf(db, assetId) is not { } hash)
        {
            return [];
        }
        var parameters = new List<(string, object?)> { ("$owner", ownerId), ("$id", assetId) };
        for (var band = 0; band < Bands; band++)
        {
            var value = (int)(hash >> (band * BandBits)) & 0xFFFF;
            parameters.Add(($"$band{band}", "[" + string.Join(',', Within(value, BandRadius)) + "]"));
        }
        return db.Query(
            $"""
            WITH candidate(id, phash) AS ({CandidatesSql})
            SELECT candidate.id, candidate.phash FROM candidate JOIN assets ON assets.id = candidate.id
            WHERE assets.deleted_at IS NULL AND candidate.id <> $id ORDER BY candidate.id;
            """,
            r => (Id: r.GetString(0), Hash: unchecked((ulong)r.GetInt64(1))), [.. parameters])
            .Where(c => PerceptualHash.SamePicture(hash, c.Hash))
            .Select(c => c.Id)
            .ToList();
    }

    /// <summary>Every 16-bit value within <paramref name="radius"/> bits of <paramref name="value"/> (itself included).</summary>
    public static List<int> Within(int value, int radius)
    {
        var found = new List<int> { value };
        void Flip(int from, int start, int left)
        {
            for (var bit = start; bit < BandBits && left > 0; bit++)
            {
                var next = from ^ (1 << bit);
                found.Add(next);
                Flip(next, bit + 1, left - 1);
            }
        }
        Flip(value, 0, radius);
        return found;
    }
}
