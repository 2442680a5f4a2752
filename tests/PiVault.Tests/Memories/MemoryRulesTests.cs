using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Memories;
using PiVault.Server.Features.Settings;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Memories;

/// <summary>
/// "On this day" memories on the service tier (real SQLite, a manual clock): earlier years only, one memory per year,
/// never trashed, archived, hidden or locked photos nor another user's, the household's time zone deciding "today", the
/// cap with favourites first, and each day built once.
/// </summary>
public sealed class MemoryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Todays_memories_hold_earlier_years_same_day_photos_and_nothing_hidden_from_the_timeline()
    {
        await using var tier = new ServiceTier(new ManualTime(Now));
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var lastYear = tier.Photo(ann, 1, At(2025, 12, 7, 9));
        var longAgo = new[] { tier.Photo(ann, 2, At(2023, 12, 7, 8)), tier.Photo(ann, 3, At(2023, 12, 7, 18)) };
        tier.Photo(ann, 4, At(2026, 12, 7, 8)); // this year: not a memory
        tier.Photo(ann, 5, At(2025, 12, 8, 9)); // another day
        var hiddenAway = new[] { "trashed", "archive", "hidden", "locked" }.Select((how, i) => (how, id: tier.Photo(ann, 10 + i, At(2024, 12, 7, 12)))).ToList();
        tier.Photo(bob, 20, At(2025, 12, 7, 12)); // bob's
        using (var db = tier.Database.Open())
        {
            foreach (var (how, id) in hiddenAway)
            {
                db.Execute(how == "trashed" ? "UPDATE assets SET deleted_at = 1 WHERE id = $id;" : "UPDATE assets SET visibility = $how WHERE id = $id;",
                    ("$id", id), ("$how", how));
            }
        }

        Assert.Equal(2, tier.Get<OnThisDay>().BuildToday(ann.UserId));
        Assert.Equal(0, tier.Get<OnThisDay>().BuildToday(ann.UserId)); // a day is built once

        var memories = tier.Get<MemoryService>().Search(ann, new MemoryQuery(Now));
        Assert.Equal([$"2025: {lastYear}", $"2023: {string.Join(", ", longAgo)}"], memories.Select(m => $"{m.Memory.Year}: {string.Join(", ", m.AssetIds)}"));
        Assert.All(memories, m => Assert.Equal((new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)),
            (m.Memory.ShowAt, m.Memory.HideAt)));
        Assert.Equal(new DateTimeOffset(2025, 12, 7, 0, 0, 0, TimeSpan.Zero), memories[0].Memory.MemoryAt);
        Assert.Empty(tier.Get<MemoryService>().Search(ann, new MemoryQuery(Now.AddDays(1)))); // tomorrow they are gone from the strip
        Assert.Empty(tier.Get<MemoryService>().Search(bob, new MemoryQuery()));
        ServiceTier.Refused(404, () => tier.Get<MemoryService>().Get(bob, memories[0].Memory.Id));
    }

    [Fact]
    public async Task Today_is_the_households_day_and_photos_count_by_their_local_wall_clock()
    {
        // 10:00 UTC on 7 December is 23:00 on the 7th in Auckland (UTC+13): still the 7th. 11:30 UTC is already the 8th there.
        await using var tier = new ServiceTier(new ManualTime(Now.AddHours(1.5)));
        using (var db = tier.Database.Open())
        {
            tier.Get<SettingsStore>().Set(db, "timeZone", "Pacific/Auckland", Now);
        }
        var ann = tier.CreateUser("ann");
        var utcSeventh = tier.Photo(ann, 1, At(2025, 12, 7, 20)); // no offset known: its local day is the UTC one, the 7th
        var aucklandEighth = tier.Photo(ann, 2, At(2025, 12, 7, 20));
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE assets SET utc_offset_minutes = 780 WHERE id = $id;", ("$id", aucklandEighth)); // 09:00 on the 8th where it was taken
        }

        Assert.Equal(1, tier.Get<OnThisDay>().BuildToday(ann.UserId));

        var memory = Assert.Single(tier.Get<MemoryService>().Search(ann, new MemoryQuery(tier.Time.GetUtcNow())));
        Assert.Equal([aucklandEighth], memory.AssetIds);
        Assert.DoesNotContain(utcSeventh, memory.AssetIds);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero), memory.Memory.ShowAt); // midnight in Auckland
    }

    [Fact]
    public async Task A_busy_day_is_capped_with_every_favourite_and_the_rest_spread_over_the_day()
    {
        await using var tier = new ServiceTier(new ManualTime(Now));
        var ann = tier.CreateUser("ann");
        var day = Enumerable.Range(0, 20).Select(i => tier.Photo(ann, i, At(2022, 12, 7, 0).AddMinutes(60 * i + 5))).ToList();
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE assets SET is_favorite = 1 WHERE id IN ($a, $b);", ("$a", day[5]), ("$b", day[6]));
        }

        tier.Get<OnThisDay>().BuildToday(ann.UserId);

        var memory = Assert.Single(tier.Get<MemoryService>().Search(ann, new MemoryQuery()));
        Assert.Equal(OnThisDay.Cap, memory.AssetIds.Count);
        Assert.Contains(day[5], memory.AssetIds);
        Assert.Contains(day[6], memory.AssetIds);
        Assert.Equal(day[0], memory.AssetIds[0]); // the morning and the evening are both there
        Assert.Equal(day[19], memory.AssetIds[^1]);
        Assert.Equal(memory.AssetIds.OrderBy(day.IndexOf), memory.AssetIds);
    }

    [Fact]
    public async Task Hand_made_memories_take_only_the_owners_photos_and_a_trashed_photo_leaves_the_memory()
    {
        await using var tier = new ServiceTier(new ManualTime(Now));
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var mine = tier.Photo(ann, 1, At(2020, 1, 1, 12));
        var theirs = tier.Photo(bob, 2, At(2020, 1, 1, 12));
        var service = tier.Get<MemoryService>();

        var memory = service.Create(ann, 2020, At(2020, 1, 1, 0), [mine, theirs], new MemoryEdit(), null, null);
        Assert.Equal([mine], memory.AssetIds);
        Assert.Equal([(theirs, false, "no_permission"), (mine, false, "duplicate")],
            service.AddAssets(ann, memory.Memory.Id, [theirs, mine]).Select(o => (o.Id, o.Success, o.Error)).ToList());

        tier.Get<Server.Features.Assets.AssetService>().Trash(ann, mine);
        Assert.Empty(service.Get(ann, memory.Memory.Id).AssetIds);
    }

    [Fact]
    public void Pick_spreads_evenly_and_keeps_capture_order()
    {
        var day = Enumerable.Range(0, 9).Select(i => ($"p{i}", (long)i, i == 8)).ToList();
        Assert.Equal(["p2", "p6", "p8"], OnThisDay.Pick(day, 3)); // the favourite, and two of the other eight at their quarters
        Assert.Equal(["p0", "p1"], OnThisDay.Pick(day.Take(2).ToList(), 3));
    }

    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
}
