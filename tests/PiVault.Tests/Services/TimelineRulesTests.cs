using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>Month buckets, the local-time rule, the favourite/archive views and who may set the flags, on the service tier.</summary>
public sealed class TimelineRulesTests
{
    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Buckets_count_by_month_newest_first_and_a_bucket_lists_its_assets_newest_first()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var timeline = tier.Get<TimelineService>();
        var may1 = tier.Photo(owner, 1, May1);
        var may20 = tier.Photo(owner, 2, May1.AddDays(19));
        var june = tier.Photo(owner, 3, May1.AddDays(32));

        Assert.Equal(["2024-06:1", "2024-05:2"], timeline.Buckets(owner, null, null).Select(b => $"{b.TimeBucket}:{b.Count}"));
        Assert.Equal([may20, may1], timeline.Bucket(owner, "2024-05", null, null).Select(a => a.Id));
        Assert.Equal([june], timeline.Bucket(owner, "2024-06-01", null, null).Select(a => a.Id)); // Immich's day form: the day is ignored
        Assert.Empty(timeline.Bucket(owner, "2024-07", null, null));
        ServiceTier.Refused(400, () => timeline.Bucket(owner, "May", null, null));
        ServiceTier.Refused(400, () => timeline.Buckets(owner, "nowhere", null));
        ServiceTier.Refused(403, () => timeline.Buckets(owner, "locked", null)); // the locked folder, while the session is not unlocked
    }

    [Fact]
    public async Task Photos_land_in_the_month_and_order_of_the_wall_clock_where_they_were_taken()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var timeline = tier.Get<TimelineService>();
        // New Year's Eve at 23:30 in Athens (21:30 UTC) and in New York (04:30 UTC on 1 January); half an hour into
        // 1 January in Athens is still 31 December in UTC. The upload's own date says nothing: only EXIF places them.
        var eve = new DateTime(2024, 12, 31, 23, 30, 0);
        var athensEve = Exif(tier, owner, eve, TimeSpan.FromHours(2));
        var newYorkEve = Exif(tier, owner, eve, TimeSpan.FromHours(-5));
        var athensNewYear = Exif(tier, owner, new DateTime(2025, 1, 1, 0, 30, 0), TimeSpan.FromHours(2));
        await tier.RunJobsAsync();

        Assert.Equal(["2025-01:1", "2024-12:2"], timeline.Buckets(owner, null, null).Select(b => $"{b.TimeBucket}:{b.Count}"));
        var december = timeline.Bucket(owner, "2024-12", null, null);
        Assert.Equal([newYorkEve, athensEve], december.Select(a => a.Id)); // equal wall clocks: the later instant first
        var wallClock = eve.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Assert.Equal([wallClock, wallClock], december.Select(a => a.LocalDateTime));
        Assert.Equal([-300, 120], december.Select(a => a.UtcOffsetMinutes ?? 0));
        Assert.Equal(new DateTimeOffset(eve, TimeSpan.FromHours(-5)).ToUniversalTime(), december[0].TakenAt);
        Assert.Equal([athensNewYear], timeline.Bucket(owner, "2025-01", null, null).Select(a => a.Id));
    }

    [Fact]
    public async Task Archive_leaves_the_timeline_for_the_archive_favourites_stay_everywhere_and_trash_is_nowhere()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var timeline = tier.Get<TimelineService>();
        var archived = tier.Photo(owner, 1, May1);
        var favourite = tier.Photo(owner, 2, May1);
        var trashed = tier.Photo(owner, 3, May1);
        var album = tier.Get<AlbumService>().Create(owner, new CreateAlbumRequest("All", null, [archived, favourite, trashed])).Id;

        Assert.True(timeline.SetFlags(owner, archived, new UpdateAssetFlagsRequest(IsFavorite: true, IsArchived: true)) is { IsFavorite: true, IsArchived: true });
        Assert.Single(timeline.SetFlags(owner, new BulkUpdateAssetFlagsRequest([favourite], IsFavorite: true, IsArchived: null)));
        tier.Get<AssetService>().Trash(owner, trashed);

        string[] Ids(string? view, string? albumId = null) => timeline.Bucket(owner, "2024-05", view, albumId).Select(a => a.Id).Order().ToArray();
        Assert.Equal([favourite], Ids(null));
        Assert.Equal([archived], Ids("archive"));
        Assert.Equal(new[] { archived, favourite }.Order(), Ids("favorites"));
        Assert.Equal(new[] { archived, favourite }.Order(), Ids(null, album)); // albums keep archived photos
        Assert.Equal(["2024-05:1"], timeline.Buckets(owner, "archive", null).Select(b => $"{b.TimeBucket}:{b.Count}"));
    }

    [Fact]
    public async Task Only_the_owner_sets_flags_and_others_change_nothing()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var timeline = tier.Get<TimelineService>();
        var id = tier.Photo(owner, 1, May1);
        timeline.SetFlags(owner, id, new UpdateAssetFlagsRequest(IsFavorite: null, IsArchived: true));

        Assert.Equal("Asset not found.", ServiceTier.Refused(404, () => timeline.SetFlags(other, id, new UpdateAssetFlagsRequest(false, false))));
        Assert.Empty(timeline.SetFlags(other, new BulkUpdateAssetFlagsRequest([id, "not-an-id"], IsFavorite: null, IsArchived: false)));
        Assert.Empty(timeline.Buckets(other, "archive", null));
        Assert.Equal(["2024-05:1"], timeline.Buckets(owner, "archive", null).Select(b => $"{b.TimeBucket}:{b.Count}"));
        Assert.False(tier.Get<AssetService>().Get(owner, id).IsFavorite);
    }

    [Fact]
    public async Task Both_timeline_queries_are_answered_from_the_local_time_indexes()
    {
        await using var tier = new ServiceTier();
        using var db = tier.Database.Open();
        var months = Plan(db, TimelineStore.BucketsSql(TimelineView.Timeline));
        // Grouped in index order: no temporary sort, no per-row date maths outside the index.
        Assert.Contains("USING INDEX assets_owner_months (owner_id=? AND visibility=?)", months);
        Assert.DoesNotContain("TEMP B-TREE FOR GROUP BY", months);
        var tiles = Plan(db, TimelineStore.BucketSql(TimelineView.Timeline));
        Assert.Contains("USING INDEX assets_owner_local_time (owner_id=? AND local_taken_at>? AND local_taken_at<?)", tiles);
    }

    [Fact]
    public async Task The_timeline_with_partners_reads_each_owner_from_the_local_time_indexes()
    {
        await using var tier = new ServiceTier();
        using var db = tier.Database.Open();
        // One index scan for the caller's own photos and one per partner shown in the timeline (the partners as the outer
        // loop), never a scan of the whole assets table.
        var months = Plan(db, TimelineStore.BucketsSql(TimelineView.TimelineWithPartners));
        Assert.Equal(2, Occurrences(months, "USING INDEX assets_owner_months (owner_id=? AND visibility=?)"));
        Assert.Contains("SEARCH p USING INDEX partners_shared_with (shared_with_id=?)\nSEARCH a USING INDEX assets_owner_months (owner_id=? AND visibility=?)", months);
        Assert.DoesNotMatch(@"SCAN a\b", months);
        var tiles = Plan(db, TimelineStore.BucketSql(TimelineView.TimelineWithPartners));
        Assert.Equal(2, Occurrences(tiles, "USING INDEX assets_owner_local_time (owner_id=? AND local_taken_at>? AND local_taken_at<?)"));
        Assert.DoesNotMatch(@"SCAN a\b", tiles);
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>A photo whose only date is its EXIF capture time and offset; the upload claims a day in 2020.</summary>
    private static string Exif(ServiceTier tier, PiVault.Server.Features.Auth.Caller owner, DateTime wallClock, TimeSpan offset)
    {
        var result = tier.Upload(owner, ExifJpeg.Taken(wallClock, offset), $"{wallClock:HHmm}{offset.Hours}.jpg", new DateTimeOffset(2020, 6, 15, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(UploadStatus.Created, result.Status);
        return result.Id;
    }

    private static string Plan(Microsoft.Data.Sqlite.SqliteConnection db, string sql) => string.Join('\n', db.Query(
        "EXPLAIN QUERY PLAN " + sql, r => r.GetString(3), ("$scope", "u"), ("$start", 0L), ("$end", 1L)));
}
