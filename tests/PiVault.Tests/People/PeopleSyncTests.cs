using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using PiVault.Server.Data;
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

        var initial = await SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2");
        Assert.Equal(2, initial.Count(l => l.Type == "PersonV1"));
        Assert.Equal(8, initial.Count(l => l.Type == "AssetFaceV2"));
        var face = initial.First(l => l.Type == "AssetFaceV2").Data;
        Assert.True(face.GetProperty("isVisible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, face.GetProperty("deletedAt").ValueKind);
        Assert.DoesNotContain(await SyncAsync(tier, bob, "PeopleV1", "AssetFacesV1"), l => l.Type != "SyncCompleteV1");
        Ack(tier, ann, initial);

        service.Update(ann, first, new PersonEdit(Name: "Grandma", IsHidden: true));
        var renamed = Assert.Single(await SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2"), l => l.Type != "SyncCompleteV1");
        Assert.Equal(("PersonV1", "Grandma", true), (renamed.Type, renamed.Data.GetProperty("name").GetString(), renamed.Data.GetProperty("isHidden").GetBoolean()));
        Ack(tier, ann, [renamed]);

        service.Reassign(ann, library.Photos[0].FaceIds[1], first);
        var reassigned = (await SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2")).Where(l => l.Type == "AssetFaceV2").ToList();
        Assert.Equal(library.Photos[0].FaceIds[1], Assert.Single(reassigned).Data.GetProperty("id").GetString());
        Assert.Equal(first, reassigned[0].Data.GetProperty("personId").GetString());
        Ack(tier, ann, reassigned);

        service.Merge(ann, first, [second]);
        service.DeleteFace(ann, library.Photos[1].FaceIds[0]);
        var lines = await SyncAsync(tier, ann, "PeopleV1", "AssetFacesV2");
        Assert.Equal(second, Assert.Single(lines, l => l.Type == "PersonDeleteV1").Data.GetProperty("personId").GetString());
        Assert.Equal(library.Photos[1].FaceIds[0], Assert.Single(lines, l => l.Type == "AssetFaceDeleteV1").Data.GetProperty("assetFaceId").GetString());
        Assert.All(lines.Where(l => l.Type == "AssetFaceV2"), l => Assert.Equal(first, l.Data.GetProperty("personId").GetString()));
        Assert.Contains(lines, l => l.Type == "PersonV1" && l.Data.GetProperty("id").GetString() == first);
    }

    private static async Task<List<(string Type, JsonElement Data, string Ack)>> SyncAsync(ServiceTier tier, Caller caller, params string[] types)
    {
        var pipe = new Pipe();
        await tier.Get<ImmichSyncService>().StreamAsync(caller, new SyncStreamRequest(types, null), pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var stream = pipe.Reader.AsStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<(string, JsonElement, string)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var json = JsonDocument.Parse(line).RootElement;
            lines.Add((json.GetProperty("type").GetString()!, json.GetProperty("data").Clone(), json.GetProperty("ack").GetString()!));
        }
        return lines;
    }

    private static void Ack(ServiceTier tier, Caller caller, IEnumerable<(string Type, JsonElement Data, string Ack)> lines)
    {
        using (var db = tier.Database.Open())
        {
            // Acks belong to a session row (the tier's callers have none): the one a login would have made.
            db.Execute("INSERT OR IGNORE INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at) VALUES ($id, $user, randomblob(32), 0, 0, 0);",
                ("$id", caller.CredentialId), ("$user", caller.UserId));
        }
        tier.Get<ImmichSyncService>().SetAcks(caller, lines.GroupBy(l => l.Type).Select(g => g.Last().Ack));
    }
}
