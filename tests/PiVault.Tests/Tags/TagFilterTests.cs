using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Tags;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tags;

/// <summary>
/// The tag filter of search and the timeline in the service tier (real SQLite): a tag stands for itself and every tag
/// under it (Immich's rule), several tags must all be there, a sibling whose value merely starts alike is not under it,
/// and another user's tag matches nothing (search) or is a 404 (timeline).
/// </summary>
public sealed class TagFilterTests
{
    private static readonly DateTimeOffset May = new(2024, 5, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_tag_finds_its_own_and_its_descendants_photos_in_search_the_timeline_and_the_counts()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var bob = tier.CreateUser("bob");
        var tags = tier.Get<TagService>();
        var assets = tier.Get<AssetService>();
        var timeline = tier.Get<TimelineService>();

        var zermatt = tier.Photo(ann, 1, May);
        var trip = tier.Photo(ann, 2, May.AddDays(1));
        var sibling = tier.Photo(ann, 3, May.AddDays(2));
        var family = tier.Photo(ann, 4, May.AddMonths(1));
        var untagged = tier.Photo(ann, 5, May.AddDays(3));
        var trashed = tier.Photo(ann, 6, May.AddDays(4));
        var archived = tier.Photo(ann, 7, May.AddDays(5));
        var byValue = tags.Upsert(ann, ["Trips/Alps/Zermatt", "Trips", "Trips-2024", "Family"]).ToDictionary(t => t.Value, t => t.Id);
        byValue["Trips/Alps"] = tags.List(ann).Single(t => t.Value == "Trips/Alps").Id;
        tags.TagMany(ann, [byValue["Trips/Alps/Zermatt"]], [zermatt]);
        tags.TagMany(ann, [byValue["Trips"]], [trip, trashed, archived]);
        tags.TagMany(ann, [byValue["Trips-2024"]], [sibling]);
        tags.TagMany(ann, [byValue["Family"], byValue["Trips/Alps"]], [family]);
        assets.Trash(ann, trashed);
        timeline.SetFlags(ann, archived, new UpdateAssetFlagsRequest(IsFavorite: null, IsArchived: true));

        List<string> Search(Caller who, params string[] tagIds) =>
            [.. assets.Search(who, new AssetQuery { TagIds = tagIds }, 1, 100).Items.Select(a => a.Asset.Id).Order()];
        string[] Sorted(params string[] ids) => [.. ids.Order()];

        // Search: the tag and everything under it; the archive is searched, the trash is not; several tags: all of them.
        Assert.Equal(Sorted(zermatt, trip, family, archived), Search(ann, byValue["Trips"]));
        Assert.Equal(Sorted(zermatt, family), Search(ann, byValue["Trips/Alps"]));
        Assert.Equal([zermatt], Search(ann, byValue["Trips/Alps/Zermatt"]));
        Assert.Equal([sibling], Search(ann, byValue["Trips-2024"]));
        Assert.Equal([family], Search(ann, byValue["Family"], byValue["Trips"]));
        Assert.Equal([family], Search(ann, byValue["Trips/Alps"], byValue["Trips"], byValue["Family"], byValue["Family"]));
        Assert.Contains(untagged, Search(ann)); // no tag ids: no filter
        Assert.Empty(Search(ann, Guid.NewGuid().ToString()));
        ServiceTier.Refused(400, () => Search(ann, "Trips"));

        // Another user: Ann's tag finds nothing of Bob's (nor of Ann's); Bob's own "Trips" finds nothing of Ann's.
        var bobs = tier.Photo(bob, 9, May);
        var bobTrips = Assert.Single(tags.Upsert(bob, ["Trips"])).Id;
        tags.TagMany(bob, [bobTrips], [bobs]);
        Assert.Empty(Search(bob, byValue["Trips"]));
        Assert.Equal([bobs], Search(bob, bobTrips));

        // The timeline: the same rule inside the chosen view (the main timeline leaves out the archive).
        Assert.Equal(["2024-06:1", "2024-05:2"], timeline.Buckets(ann, null, null, tagId: byValue["Trips"]).Select(b => $"{b.TimeBucket}:{b.Count}"));
        Assert.Equal([trip, zermatt], timeline.Bucket(ann, "2024-05", null, null, tagId: byValue["Trips"]).Select(t => t.Id));
        Assert.Equal([family], timeline.Bucket(ann, "2024-06", null, null, tagId: byValue["Trips/Alps"]).Select(t => t.Id));
        Assert.Equal([archived], timeline.Bucket(ann, "2024-05", "archive", null, tagId: byValue["Trips"]).Select(t => t.Id));
        Assert.Equal(["2024-05"], timeline.Buckets(ann, null, null, tagId: byValue["Trips/Alps/Zermatt"]).Select(b => b.TimeBucket));
        Assert.Equal(4, timeline.Bucket(ann, "2024-05", null, null).Count); // without the filter: the four May photos in the timeline
        ServiceTier.Refused(404, () => timeline.Buckets(bob, null, null, tagId: byValue["Trips"]));
        ServiceTier.Refused(404, () => timeline.Bucket(bob, "2024-05", null, null, tagId: byValue["Trips"]));
        ServiceTier.Refused(400, () => timeline.Buckets(ann, null, null, tagId: "Trips"));

        // The tag list's counts: what the timeline filtered by the tag shows.
        var counts = tags.Counts(ann);
        Assert.Equal((3, 2, 1, 1, 1), (counts[byValue["Trips"]], counts[byValue["Trips/Alps"]], counts[byValue["Trips/Alps/Zermatt"]],
            counts[byValue["Trips-2024"]], counts[byValue["Family"]]));
        Assert.Equal(1, Assert.Single(tags.Counts(bob)).Value);
    }
}
