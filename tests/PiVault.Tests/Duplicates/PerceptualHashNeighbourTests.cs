using PiVault.Server.Data;
using PiVault.Server.Features.Duplicates;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Duplicates;

/// <summary>
/// The hash index (multi-index hashing over four 16-bit bands, migration 0022) finds exactly what a scan of the owner's
/// hashes finds: real SQLite, planted hashes at every distance around the threshold, with the differing bits spread
/// over the bands the way the pigeonhole argument's edge cases need (10 bits as 3 + 3 + 2 + 2).
/// </summary>
public sealed class PerceptualHashNeighbourTests
{
    [Fact]
    public async Task The_index_finds_what_a_scan_finds()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var random = new Random(22);
        var target = NextHash(random);
        // Bits to flip, taken in turn from each band (0, 16, 32, 48, 1, 17, ...), so k flipped bits spread evenly;
        // and the same counts all in one band.
        int[] spread = [.. Enumerable.Range(0, 16).SelectMany(i => new[] { i, 16 + i, 32 + i, 48 + i })];
        var hashes = new List<ulong> { target };
        for (var k = 0; k <= 13; k++)
        {
            hashes.Add(Flip(target, spread.Take(k)));
            hashes.Add(Flip(target, Enumerable.Range(40, k)));
            hashes.Add(Flip(target, Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(k)));
        }
        hashes.AddRange(Enumerable.Range(0, 40).Select(_ => NextHash(random)));
        var ids = new List<string>();
        using (var db = tier.Database.Open())
        {
            var store = tier.Get<DuplicateStore>();
            foreach (var (hash, i) in hashes.Select((h, i) => (h, i)))
            {
                ids.Add(tier.Photo(ann, 500 + i));
                store.SetHash(db, ids[^1], hash);
            }
            var bobs = tier.Photo(bob, 499);
            store.SetHash(db, bobs, target);
            db.Execute("UPDATE assets SET deleted_at = 1 WHERE id = $id;", ("$id", ids[1])); // a trashed copy (0 bits)
        }

        using var check = tier.Database.Open();
        var found = new PerceptualHashNeighbours().NeighboursOf(check, ann.UserId, ids[0]);

        var scanned = ids.Select((id, i) => (id, i))
            .Where(x => x.i is not 0 and not 1 && PerceptualHash.Distance(target, hashes[x.i]) <= PerceptualHash.SamePictureDistance)
            .Select(x => x.id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(scanned, found.Order(StringComparer.Ordinal).ToList());
        Assert.Contains(ids[hashes.IndexOf(Flip(target, spread.Take(10)))], found); // 3 + 3 + 2 + 2 bits: at the edge
        Assert.DoesNotContain(ids[hashes.IndexOf(Flip(target, spread.Take(11)))], found);
        Assert.True(scanned.Count >= 20, $"only {scanned.Count} planted neighbours");
    }

    [Fact]
    public void A_band_value_has_every_neighbour_within_the_radius_once()
    {
        var within = PerceptualHashNeighbours.Within(0b1011, 2);

        Assert.Equal(1 + 16 + 120, within.Count);
        Assert.Equal(within.Count, within.Distinct().Count());
        Assert.All(within, v => Assert.InRange(System.Numerics.BitOperations.PopCount((uint)(v ^ 0b1011)), 0, 2));
    }

    private static ulong NextHash(Random random) => unchecked((ulong)random.NextInt64() ^ ((ulong)random.Next() << 40));

    private static ulong Flip(ulong hash, IEnumerable<int> bits) => bits.Aggregate(hash, (h, bit) => h ^ (1UL << bit));
}
