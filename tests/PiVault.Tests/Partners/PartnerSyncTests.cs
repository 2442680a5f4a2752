using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Partners;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Infrastructure.SyncReader;

namespace PiVault.Tests.Partners;

/// <summary>
/// Partner sharing in the sync stream (PartnersV1, PartnerAssetsV2, PartnerAssetExifsV1 as the app requests them), read from
/// the real ImmichSyncService with acks: a share reaches both users' devices once, the partner's library arrives once, a
/// new photo once, turning "show in timeline" on resends no photos, a photo locked away or deleted leaves, stopping the
/// share removes the share and every photo; the partner's stacks come and go with them, and a third user hears nothing.
/// </summary>
public sealed class PartnerSyncTests
{
    private static readonly string[] Types = ["PartnersV1", "PartnerAssetsV2", "PartnerAssetExifsV1", "PartnerStacksV1"];

    [Fact]
    public async Task A_share_and_the_partners_photos_reach_each_device_once_and_leave_when_undone()
    {
        await using var tier = new ServiceTier();
        var (ann, bob, cat) = (tier.CreateUser("ann"), tier.CreateUser("bob"), tier.CreateUser("cat"));
        var bobTablet = bob with { CredentialId = "bob-tablet" };
        var photos = Enumerable.Range(1, 3).Select(i => tier.Photo(ann, i)).ToList();
        await tier.RunJobsAsync(); // the metadata step: EXIF rows for the partner's photos
        photos.Add(tier.Photo(ann, 5));
        var stack = tier.Get<StackService>().Create(ann, [photos[2], photos[3]]).Stack.Id;
        foreach (var device in new[] { ann, bob, bobTablet, cat })
        {
            await NextAsync(tier, device, Types);
        }

        tier.Get<PartnerService>().Share(ann, bob.UserId);
        foreach (var device in new[] { bob, bobTablet })
        {
            var lines = await NextAsync(tier, device, Types);
            var share = Assert.Single(lines, l => l.Type == "PartnerV1").Data;
            Assert.Equal((ann.UserId, bob.UserId, false),
                (share.GetProperty("sharedById").GetString(), share.GetProperty("sharedWithId").GetString(), share.GetProperty("inTimeline").GetBoolean()));
            Assert.Equal(photos.Order(), Ids(lines, "PartnerAssetV2").Order());
            Assert.All(lines.Where(l => l.Type == "PartnerAssetV2"), l => Assert.Equal(ann.UserId, l.Data.GetProperty("ownerId").GetString()));
            Assert.Equal(photos.Take(3).Order(), Ids(lines, "PartnerAssetExifV1").Order()); // the stacked photo made after the metadata step has none
            Assert.Equal((stack, photos[2]), (Assert.Single(lines, l => l.Type == "PartnerStackV1").Data.GetProperty("id").GetString(),
                lines.Single(l => l.Type == "PartnerStackV1").Data.GetProperty("primaryAssetId").GetString()));
            Assert.Empty(await NextAsync(tier, device, Types)); // exactly once
        }
        Assert.Equal(["PartnerV1"], (await NextAsync(tier, ann, Types)).Select(l => l.Type)); // the sharer hears of the share, not of their own photos
        Assert.Empty(await NextAsync(tier, cat, Types));

        var added = tier.Photo(ann, 4);
        Assert.Equal([added], Ids(await NextAsync(tier, bob, Types), "PartnerAssetV2"));
        tier.Get<StackService>().Delete(ann, stack); // unstacked: the stack leaves, its photos change
        var unstacked = await NextAsync(tier, bob, Types);
        Assert.Equal(stack, Assert.Single(unstacked, l => l.Type == "PartnerStackDeleteV1").Data.GetProperty("stackId").GetString());
        Assert.Equal(new[] { photos[2], photos[3] }.Order(), Ids(unstacked, "PartnerAssetV2").Order());

        tier.Get<PartnerService>().SetInTimeline(bob, ann.UserId, true);
        var toggled = await NextAsync(tier, bob, Types);
        Assert.Equal(["PartnerV1"], toggled.Select(l => l.Type)); // the photos are not sent again
        Assert.True(toggled[0].Data.GetProperty("inTimeline").GetBoolean());

        // Locked away: the share no longer reaches it. Deleted for good: gone.
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE assets SET visibility = 'locked' WHERE id = $id;", ("$id", photos[0]));
        }
        tier.Get<AssetService>().Trash(ann, photos[1]);
        tier.Get<AssetService>().EmptyTrash(ann);
        var gone = await NextAsync(tier, bob, Types);
        Assert.Equal(new[] { photos[0], photos[1] }.Order(), Ids(gone, "PartnerAssetDeleteV1").Order());
        Assert.Empty(Ids(gone, "PartnerAssetV2"));

        tier.Get<PartnerService>().Stop(ann, bob.UserId);
        foreach (var device in new[] { bob, bobTablet })
        {
            var lines = await NextAsync(tier, device, Types);
            var ended = Assert.Single(lines, l => l.Type == "PartnerDeleteV1").Data;
            Assert.Equal((ann.UserId, bob.UserId), (ended.GetProperty("sharedById").GetString(), ended.GetProperty("sharedWithId").GetString()));
            Assert.Superset(new[] { photos[0], photos[2], photos[3], added }.ToHashSet(), Ids(lines, "PartnerAssetDeleteV1").ToHashSet());
            Assert.Empty(await NextAsync(tier, device, Types));
        }
        Assert.Empty(await NextAsync(tier, cat, Types));
    }

    private static List<string> Ids(IEnumerable<(string Type, System.Text.Json.JsonElement Data, string Ack)> lines, string type) =>
        lines.Where(l => l.Type == type).Select(l => l.Data.TryGetProperty("assetId", out var a) ? a.GetString()! : l.Data.GetProperty("id").GetString()!).ToList();
}
