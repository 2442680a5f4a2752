using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Tiering;

/// <summary>
/// Which hot originals are due on the cold tier (<see cref="TieringSettings"/>): those taken more than the configured
/// months ago, and, while the hot drive is fuller than its threshold, the oldest others until enough bytes would be
/// freed. Never trashed ones, never those being moved, never favourites while they are pinned — and a favourite
/// pinned after its original moved goes back (<see cref="DueBack"/>).
/// </summary>
public sealed class TieringPlanner(Database database, TierMoveStore store, PiVaultOptions options, TimeProvider time)
{
    /// <summary>At most this many are planned at once; the next run takes the rest.</summary>
    public const int BatchLimit = 5000;

    /// <summary>Size and free bytes of the hot drive; statvfs of the library by default, replaceable in tests.</summary>
    public Func<(long Total, long Free)?> HotSpace { get; set; } = () =>
        FileSystemSpace.Of(options.LibraryDir) is { } space ? (space.TotalBytes, space.FreeBytes) : null;

    private TieringSettings Settings => options.Tiering;

    public DateTimeOffset AgeCutoff => time.GetUtcNow().AddMonths(-Settings.AgeMonths);

    /// <summary>Bytes the hot drive holds above its fill threshold (0 when below it or unknown).</summary>
    public long HotOverflow()
    {
        if (HotSpace() is not var (total, free) || total <= 0)
        {
            return 0;
        }
        return Math.Max(0, total - free - total * Settings.HotFillPercent / 100);
    }

    /// <summary>The asset ids due on the cold tier now, oldest first.</summary>
    public List<string> Due()
    {
        using var db = database.Open();
        var cutoff = AgeCutoff;
        var overflow = HotOverflow();
        var due = new List<string>();
        long freed = 0;
        foreach (var (id, size, takenAt) in store.OldestMovable(db, Settings.PinFavorites, BatchLimit))
        {
            if (takenAt >= cutoff && freed >= overflow)
            {
                break; // ordered by age: nothing later is old enough, and enough is freed
            }
            due.Add(id);
            freed += size;
        }
        return due;
    }

    /// <summary>Cold originals that belong on the hot drive again: favourites, while those are pinned.</summary>
    public List<string> DueBack()
    {
        if (!Settings.PinFavorites)
        {
            return [];
        }
        using var db = database.Open();
        return store.ColdFavorites(db, BatchLimit);
    }

    /// <summary>Whether a cold original belongs on the hot drive again (it became a favourite after it moved).</summary>
    public bool BelongsBack(TierCandidate asset) =>
        asset.Tier == OriginalTier.Cold && !asset.Trashed && Settings.PinFavorites && asset.IsFavorite;

    /// <summary>Whether one candidate is due (the job checks again when it runs: the admin may queue every hot asset).</summary>
    public bool IsDue(TierCandidate asset) =>
        asset.Tier == OriginalTier.Hot && !asset.Trashed && !(Settings.PinFavorites && asset.IsFavorite)
        && (asset.TakenAt < AgeCutoff || HotOverflow() > 0);
}
