using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Settings;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Features.Memories;

/// <summary>
/// Builds "on this day" memories (docs/memories.md): for today in the household's time zone, one memory per earlier year
/// with photos taken on the same month and day (local wall clock, <c>local_taken_at</c>), at most <see cref="Cap"/> of
/// them, favourites first and the rest spread over the day. Each user's day is built once (<c>memory_days</c>), in one
/// transaction, so the nightly pass and the on-demand button can both run at any time.
/// </summary>
public sealed class OnThisDay(Database database, MemoryStore memories, UserStore users, SettingsService settings, TimeProvider time)
{
    public const int Cap = 12;

    /// <summary>Unsaved memories stay this long after their day before the nightly pass removes them.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    /// <summary>Builds today's memories for every user who has none yet for today; returns how many memories were made.</summary>
    public int BuildToday()
    {
        List<string> userIds;
        using (var db = database.Open())
        {
            userIds = users.List(db).Where(u => u.DisabledAt is null).Select(u => u.Id).ToList();
        }
        var made = userIds.Sum(BuildToday);
        RemoveExpired();
        return made;
    }

    /// <summary>Builds today's memories for one user (nothing when today was built already).</summary>
    public int BuildToday(string ownerId)
    {
        var zone = settings.HouseholdZone();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var showAt = LocalMidnight(today, zone);
        var hideAt = LocalMidnight(today.AddDays(1), zone);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        if (!memories.ClaimDay(db, ownerId, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
        {
            return 0;
        }
        var found = memories.OnThisDay(db, ownerId, today.ToString("MM-dd", CultureInfo.InvariantCulture), today.Year);
        var made = 0;
        foreach (var year in found.GroupBy(f => f.Year).OrderByDescending(g => g.Key))
        {
            var id = Guid.CreateVersion7(now).ToString();
            var memoryAt = new DateTimeOffset(year.Key, today.Month, today.Day, 0, 0, 0, TimeSpan.Zero);
            memories.Insert(db, new MemoryRecord(id, ownerId, "on_this_day", year.Key, memoryAt, showAt, hideAt, null, false, now, now, 0));
            Pick(year.Select(y => (y.Id, y.LocalTakenAt, y.IsFavorite)).ToList(), Cap).ForEach(assetId => memories.AddAsset(db, id, ownerId, assetId));
            made++;
        }
        transaction.Commit();
        return made;
    }

    /// <summary>
    /// At most <paramref name="cap"/> of a day's photos (given in capture order), in capture order: every favourite that
    /// fits, the remaining places spread evenly over the rest of the day.
    /// </summary>
    public static List<string> Pick(List<(string Id, long TakenAt, bool IsFavorite)> day, int cap)
    {
        if (day.Count <= cap)
        {
            return day.ConvertAll(d => d.Id);
        }
        var favourites = day.Where(d => d.IsFavorite).ToList();
        var chosen = Spread(favourites, Math.Min(cap, favourites.Count));
        chosen.AddRange(Spread(day.Where(d => !d.IsFavorite).ToList(), cap - chosen.Count));
        return chosen.OrderBy(d => d.TakenAt).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();
    }

    private static List<(string Id, long TakenAt, bool IsFavorite)> Spread(List<(string Id, long TakenAt, bool IsFavorite)> items, int count) =>
        Enumerable.Range(0, count).Select(i => items[(int)((2L * i + 1) * items.Count / (2L * count))]).ToList();

    private void RemoveExpired()
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        memories.Expired(db, time.GetUtcNow() - KeptFor).ForEach(id => memories.Delete(db, id));
        transaction.Commit();
    }

    /// <summary>The instant the household's clock shows midnight of <paramref name="day"/> (a skipped midnight counts from the hour after).</summary>
    public static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
