using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Map;
using PiVault.Server.Features.Partners;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Partners;

/// <summary>
/// Partner sharing on the service tier: who may share with whom, which of the sharer's photos the partner may open
/// (timeline and archive, from the share's start date; never hidden, locked or trashed), the partner's timeline only when
/// they chose to show the sharer in it, the map, and that stopping ends all of it. Read only: the partner changes nothing.
/// </summary>
public sealed class PartnerRulesTests
{
    private static readonly DateTimeOffset Jan2025 = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jun2025 = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sharing_is_between_two_active_household_members_once_and_each_side_sees_it_from_its_end()
    {
        await using var tier = new ServiceTier();
        var (ann, bob, cat) = (tier.CreateUser("ann"), tier.CreateUser("bob"), tier.CreateUser("cat"));
        var partners = tier.Get<PartnerService>();

        var shared = partners.Share(ann, bob.UserId);
        Assert.Equal((bob.UserId, false), (shared.User.Id, shared.Partner.InTimeline));
        Assert.Equal([bob.UserId], partners.List(ann, PartnerService.SharedBy).Select(p => p.User.Id));
        Assert.Equal([ann.UserId], partners.List(bob, PartnerService.SharedWith).Select(p => p.User.Id));
        Assert.Empty(partners.List(ann, PartnerService.SharedWith));
        Assert.Empty(partners.List(cat, PartnerService.SharedWith));

        Assert.Contains("already", ServiceTier.Refused(400, () => partners.Share(ann, bob.UserId)));
        Assert.Contains("own partner", ServiceTier.Refused(400, () => partners.Share(ann, ann.UserId)));
        ServiceTier.Refused(400, () => partners.Share(ann, Guid.NewGuid().ToString()));
        ServiceTier.Refused(400, () => partners.Share(ann, null));
        ServiceTier.Refused(400, () => partners.Share(cat, bob.UserId, tier.Time.GetUtcNow().AddDays(1))); // a start in the future
        ServiceTier.Refused(400, () => partners.List(ann, "both"));
        var admin = tier.CreateUser("root", isAdmin: true);
        tier.Get<PiVault.Server.Features.Users.UserService>().SetDisabled(admin, cat.UserId, disabled: true);
        ServiceTier.Refused(400, () => partners.Share(ann, cat.UserId));

        // Only the sharee chooses the timeline, only the sharer stops.
        Assert.True(partners.SetInTimeline(bob, ann.UserId, true).Partner.InTimeline);
        ServiceTier.Refused(404, () => partners.SetInTimeline(ann, bob.UserId, true));
        ServiceTier.Refused(400, () => partners.SetInTimeline(bob, ann.UserId, null));
        ServiceTier.Refused(404, () => partners.Stop(bob, ann.UserId));
        partners.Stop(ann, bob.UserId);
        Assert.Empty(partners.List(bob, PartnerService.SharedWith));
        ServiceTier.Refused(404, () => partners.Stop(ann, bob.UserId));
    }

    [Fact]
    public async Task A_partner_opens_the_shared_timeline_and_archive_from_the_start_date_never_hidden_locked_or_trashed_and_changes_nothing()
    {
        await using var tier = new ServiceTier();
        var (ann, bob, cat) = (tier.CreateUser("ann"), tier.CreateUser("bob"), tier.CreateUser("cat"));
        var shown = tier.Photo(ann, 1, Jun2025);
        var archived = tier.Photo(ann, 2, Jun2025);
        var early = tier.Photo(ann, 3, Jan2025);
        var kept = new[] { "hidden", "locked", "trashed" }.Select((how, i) => (how, id: tier.Photo(ann, 10 + i, Jun2025))).ToList();
        tier.Get<TimelineService>().SetFlags(ann, archived, new UpdateAssetFlagsRequest(null, IsArchived: true));
        using (var db = tier.Database.Open())
        {
            foreach (var (how, id) in kept)
            {
                db.Execute(how == "trashed" ? "UPDATE assets SET deleted_at = 1 WHERE id = $id;" : "UPDATE assets SET visibility = $how WHERE id = $id;", ("$id", id), ("$how", how));
            }
        }
        var access = tier.Get<AssetAccess>();
        bool Opens(Caller who, string id)
        {
            using var db = tier.Database.Open();
            try
            {
                access.RequireViewable(db, who, id);
                return true;
            }
            catch (PiVault.Server.Http.ApiException e) when (e.Status == 404)
            {
                return false;
            }
        }
        Assert.False(Opens(bob, shown)); // no share yet

        tier.Get<PartnerService>().Share(ann, bob.UserId, new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((true, true, false), (Opens(bob, shown), Opens(bob, archived), Opens(bob, early)));
        Assert.All(kept, k => Assert.False(Opens(bob, k.id), k.how));
        Assert.False(Opens(cat, shown));
        using (var db = tier.Database.Open())
        {
            ServiceTier.Refused(404, () => access.RequireOwned(db, bob, shown)); // read only
        }
        ServiceTier.Refused(404, () => tier.Get<TimelineService>().SetFlags(bob, shown, new UpdateAssetFlagsRequest(true, null)));

        // The timeline: only once bob shows ann in it, only timeline photos from the start date, only in the main view.
        var timeline = tier.Get<TimelineService>();
        List<string> Tiles(Caller who) => timeline.Bucket(who, "2025-06", null, null, withPartners: true).ConvertAll(t => t.Id);
        var own = tier.Photo(bob, 20, Jun2025);
        Assert.Equal([own], Tiles(bob));
        tier.Get<PartnerService>().SetInTimeline(bob, ann.UserId, true);
        Assert.Equal(new[] { own, shown }.Order(), Tiles(bob).Order());
        Assert.Equal([own], timeline.Bucket(bob, "2025-06", null, null).ConvertAll(t => t.Id)); // without withPartners: own only
        Assert.Empty(timeline.Bucket(bob, "2025-01", null, null, withPartners: true));
        Assert.Equal(2, timeline.Buckets(bob, null, null, withPartners: true).Single(b => b.TimeBucket == "2025-06").Count);
        ServiceTier.Refused(400, () => timeline.Buckets(bob, "archive", null, withPartners: true));
        Assert.Equal([shown], Tiles(ann).Where(id => id != own)); // sharing is one way: ann's timeline has no bob

        // The map, with places: ann's shown photo only.
        using (var db = tier.Database.Open())
        {
            db.Execute("INSERT OR REPLACE INTO asset_metadata (asset_id, date_source, latitude, longitude) SELECT id, 'exif', 48.85, 2.35 FROM assets WHERE owner_id = $ann;", ("$ann", ann.UserId));
        }
        Assert.Equal([shown], tier.Get<MapService>().Markers(bob, new MapQuery(WithPartners: true)).Select(m => m.Id));
        Assert.Empty(tier.Get<MapService>().Markers(bob, new MapQuery()));

        tier.Get<PartnerService>().Stop(ann, bob.UserId);
        Assert.Equal((false, false), (Opens(bob, shown), Opens(bob, archived)));
        Assert.Equal([own], Tiles(bob));
        Assert.Empty(tier.Get<MapService>().Markers(bob, new MapQuery(WithPartners: true)));
    }
}
