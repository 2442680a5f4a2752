using System.Text.Json;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Immich;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.People;

/// <summary>
/// The sync stream's people and face lines (PeopleV1, AssetFacesV1/V2 as Immich requests them) after rename, hide, merge,
/// reassign and delete, read from the real ImmichSyncService with acks, over the service tier's real SQLite.
/// </summary>
public sealed class PeopleSyncTests
{
    [Fact]
    public async Task Rename_hide_merge_reassign_and_delete_produce_the_matching_lines_after_the_acks()
    {
        await using var tier = new ServiceTier();
        var (ann, library) = await PeopleRulesTests.Library(tier, 2);
        var bob = tier.CreateUser("bob");
        var service = tier.Get<PeopleService>();
        var (first, second) = (library.People[0], library.People[1]);

        var initial = await SyncReader.SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2");
        Assert.Equal(2, initial.Count(l => l.Type == "PersonV1"));
        Assert.Equal(8, initial.Count(l => l.Type == "AssetFaceV2"));
        var face = initial.First(l => l.Type == "AssetFaceV2").Data;
        Assert.True(face.GetProperty("isVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, face.GetProperty("deletedAt").ValueKind);
        Assert.DoesNotContain(await SyncReader.SyncAsync(tier, bob, "PeopleV1", "AssetFacesV1"), l => l.Type != "SyncCompleteV1");
        SyncReader.Ack(tier, ann, initial);

        service.Update(ann, first, new PersonEdit(Name: "Grandma", IsHidden: true));
        var renamed = Assert.Single(await SyncReader.SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2"), l => l.Type != "SyncCompleteV1");
        Assert.Equal(("PersonV1", "Grandma", true), (renamed.Type, renamed.Data.GetProperty("name").GetString(), renamed.Data.GetProperty("isHidden").GetBoolean()));
        SyncReader.Ack(tier, ann, [renamed]);

        service.Reassign(ann, library.Photos[0].FaceIds[1], first);
        var reassigned = (await SyncReader.SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2")).Where(l => l.Type == "AssetFaceV2").ToList();
        Assert.Equal(library.Photos[0].FaceIds[1], Assert.Single(reassigned).Data.GetProperty("id").GetString());
        Assert.Equal(first, reassigned[0].Data.GetProperty("personId").GetString());
        SyncReader.Ack(tier, ann, reassigned);

        service.Merge(ann, first, [second]);
        service.DeleteFace(ann, library.Photos[1].FaceIds[0]);
        var lines = await SyncReader.SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2");
        Assert.Equal(second, Assert.Single(lines, l => l.Type == "PersonDeleteV1").Data.GetProperty("personId").GetString());
        Assert.Equal(library.Photos[1].FaceIds[0], Assert.Single(lines, l => l.Type == "AssetFaceDeleteV1").Data.GetProperty("assetFaceId").GetString());
        Assert.All(lines.Where(l => l.Type == "AssetFaceV2"), l => Assert.Equal(first, l.Data.GetProperty("personId").GetString()));
        Assert.Contains(lines, l => l.Type == "PersonV1" && l.Data.GetProperty("id").GetString() == first);
    }
}
