using System.Net;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Immich's partner API over real HTTP, every answer and sync line checked against @immich/sdk 3.2.2's types
/// (PartnerResponseDto, SyncPartnerV1, SyncAssetV2 for PartnerAssetV2): the admin shares with Bob, Bob sees the share from
/// his side, opens the photo, shows the admin in his timeline (<c>withPartners</c>) and gets the share and the photo in his
/// sync stream; errors answer in Immich's shape.
/// </summary>
public sealed class ImmichPartnerTests : ServerWithAdmin
{
    [Fact]
    public async Task A_partner_share_round_trips_in_immichs_shapes_and_reaches_the_partners_timeline_and_sync_stream()
    {
        using var admin = Server.Client(Admin);
        var bobLogin = await Server.CreateUserAsync(Admin, "bob@example.com");
        using var bob = Server.Client(bobLogin);
        var photo = (await admin.UploadAsync(Uploads.RandomBytes(3000, 1), "shared.jpg")).Id;
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/assets/{photo}")).StatusCode);

        var created = await admin.CallAsync(HttpMethod.Post, "/api/partners", new { sharedWithId = bobLogin.UserId }, HttpStatusCode.Created, "PartnerResponseDto");
        Assert.Equal((bobLogin.UserId, "bob@example.com", false), (created.GetProperty("id").GetString(), created.GetProperty("email").GetString(),
            created.GetProperty("inTimeline").GetBoolean()));
        Assert.Contains("already", await (await admin.PostAsync("/api/partners", System.Net.Http.Json.JsonContent.Create(new { sharedWithId = bobLogin.UserId })))
            .AssertImmichErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(bobLogin.UserId, Assert.Single((await admin.GetAsync("/api/partners?direction=shared-by", "PartnerResponseDto[]")).EnumerateArray())
            .GetProperty("id").GetString());
        Assert.Equal(Admin.UserId, Assert.Single((await bob.GetAsync("/api/partners?direction=shared-with", "PartnerResponseDto[]")).EnumerateArray())
            .GetProperty("id").GetString());
        await (await bob.GetAsync("/api/partners?direction=sideways")).AssertImmichErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(photo, (await bob.GetAsync($"/api/assets/{photo}", "AssetResponseDto")).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/assets/{photo}/original")).StatusCode);

        Assert.Empty((await bob.GetAsync("/api/timeline/buckets?withPartners=true", "TimeBucketsResponseDto[]")).EnumerateArray());
        var shown = await bob.CallAsync(HttpMethod.Put, $"/api/partners/{Admin.UserId}", new { inTimeline = true }, HttpStatusCode.OK, "PartnerResponseDto");
        Assert.True(shown.GetProperty("inTimeline").GetBoolean());
        var bucket = Assert.Single((await bob.GetAsync("/api/timeline/buckets?withPartners=true", "TimeBucketsResponseDto[]")).EnumerateArray());
        var tiles = await bob.GetAsync($"/api/timeline/bucket?timeBucket={bucket.GetProperty("timeBucket").GetString()}&withPartners=true", "TimeBucketAssetResponseDto");
        Assert.Equal((photo, Admin.UserId), (Assert.Single(tiles.GetProperty("id").EnumerateArray()).GetString(), Assert.Single(tiles.GetProperty("ownerId").EnumerateArray()).GetString()));
        await (await bob.GetAsync("/api/timeline/buckets?withPartners=true&visibility=archive")).AssertImmichErrorAsync(HttpStatusCode.BadRequest);

        var burst = (await admin.UploadAsync(Uploads.RandomBytes(3000, 2), "burst.jpg")).Id;
        var stack = (await admin.CallAsync(HttpMethod.Post, "/api/stacks", new { assetIds = new[] { photo, burst } }, HttpStatusCode.Created, "StackResponseDto"))
            .GetProperty("id").GetString();
        var lines = await bob.SyncAsync("PartnersV1", "PartnerAssetsV2", "PartnerAssetExifsV1", "PartnerStacksV1"); // each line checked against its Sync* type
        Assert.Equal(stack, Assert.Single(lines, l => l.Type == "PartnerStackV1").Data.GetProperty("id").GetString());
        Assert.Equal((Admin.UserId, true), (Assert.Single(lines, l => l.Type == "PartnerV1").Data.GetProperty("sharedById").GetString(),
            lines.Single(l => l.Type == "PartnerV1").Data.GetProperty("inTimeline").GetBoolean()));
        Assert.Equal(new[] { photo, burst }.Order(), lines.Where(l => l.Type == "PartnerAssetV2").Select(l => l.Data.GetProperty("id").GetString()).Order());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/partners/{bobLogin.UserId}")).StatusCode);
        Assert.Equal("Partner not found.", await (await admin.DeleteAsync($"/api/partners/{bobLogin.UserId}")).AssertImmichErrorAsync(HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/assets/{photo}")).StatusCode);
    }
}
