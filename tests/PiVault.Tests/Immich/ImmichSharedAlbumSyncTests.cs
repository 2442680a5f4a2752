using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Albums shared between household users in the mobile app's sync stream, over real HTTP and SQLite: what a member's
/// phone receives when an album is shared, grows, shrinks, is unshared or deleted, and that nobody else receives it.
/// </summary>
public sealed class ImmichSharedAlbumSyncTests : IAsyncLifetime
{
    private static readonly string[] AppSyncTypes =
    [
        "AuthUsersV1", "UsersV1", "AssetsV2", "AssetExifsV1", "PartnersV1", "PartnerAssetsV2", "AlbumsV2", "AlbumUsersV1", "AlbumAssetsV2",
        "AlbumAssetExifsV1", "AlbumToAssetsV1", "MemoriesV1", "StacksV1", "PeopleV1",
    ];

    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_member_receives_the_shared_album_its_users_and_assets_then_only_changes_and_deletes_and_a_stranger_nothing()
    {
        var owner = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(owner, "member@example.com");
        var stranger = await server.CreateUserAsync(owner, "stranger@example.com");
        using var ownerPhone = server.Client(owner);
        using var memberPhone = server.Client(member);
        var shared = await UploadAsync(ownerPhone, "Landscape_1.jpg");
        var privatePhoto = await UploadAsync(ownerPhone, "Landscape_2.jpg");
        var later = await UploadAsync(ownerPhone, "Landscape_4.jpg");
        var membersOwn = await UploadAsync(memberPhone, "Portrait_1.jpg");
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(ownerPhone, TimeSpan.FromMinutes(1));
        var albumId = (await ownerPhone.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Family", assetIds = new[] { shared } },
            HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;

        // Before sharing, the member's phone knows the household's users and its own photo, nothing of the owner's.
        var before = await memberPhone.SyncAsync(AppSyncTypes);
        Assert.Contains(before, l => l.Type == "UserV1" && l.Data.GetProperty("id").GetString() == owner.UserId);
        Assert.Equal([membersOwn], AssetIds(before, "AssetV2"));
        Assert.DoesNotContain(before, l => l.Type.StartsWith("Album", StringComparison.Ordinal));
        await memberPhone.AckAsync(before.Select(l => l.Ack));

        // Shared after the member's phone acked past the album's photo: it arrives all the same.
        await ShareAsync(ownerPhone, albumId, member.UserId);
        var afterShare = await memberPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumAssetCreateV2", "AlbumAssetExifCreateV1", "AlbumV2", "AlbumUserV1", "AlbumUserV1", "AlbumToAssetV1", "SyncCompleteV1"],
            afterShare.Select(l => l.Type));
        var albumAsset = afterShare[0].Data;
        Assert.Equal((shared, owner.UserId), (albumAsset.GetProperty("id").GetString(), albumAsset.GetProperty("ownerId").GetString()));
        Assert.Equal(shared, afterShare[1].Data.GetProperty("assetId").GetString());
        Assert.Equal((albumId, "Family"), (afterShare[2].Data.GetProperty("id").GetString(), afterShare[2].Data.GetProperty("name").GetString()));
        Assert.Equal(
            new HashSet<(string?, string?, string?)> { (albumId, owner.UserId, "owner"), (albumId, member.UserId, "viewer") },
            afterShare.Where(l => l.Type == "AlbumUserV1").Select(l => (l.Data.GetProperty("albumId").GetString(),
                l.Data.GetProperty("userId").GetString(), l.Data.GetProperty("role").GetString())).ToHashSet());
        Assert.Equal((albumId, shared), Link(afterShare[5].Data));
        Assert.DoesNotContain(afterShare, l => l.Data.ToString().Contains(privatePhoto, StringComparison.Ordinal));

        await memberPhone.AckAsync(afterShare.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await memberPhone.SyncAsync(AppSyncTypes)).Select(l => l.Type));

        // The owner adds a photo: only that photo, its EXIF and its link (and the album's new date) arrive.
        await ownerPhone.CallAsync(HttpMethod.Put, $"/api/albums/{albumId}/assets", new { ids = new[] { later } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        var added = await memberPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumAssetCreateV2", "AlbumAssetExifCreateV1", "AlbumV2", "AlbumToAssetV1", "SyncCompleteV1"], added.Select(l => l.Type));
        Assert.Equal([later], AssetIds(added, "AlbumAssetCreateV2"));
        Assert.Equal(later, added[1].Data.GetProperty("assetId").GetString());
        Assert.Equal((albumId, later), Link(added[3].Data));
        await memberPhone.AckAsync(added.Select(l => l.Ack));

        // It leaves the album again: the member's phone drops the photo and the link.
        await ownerPhone.CallAsync(HttpMethod.Delete, $"/api/albums/{albumId}/assets", new { ids = new[] { later } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        var removed = await memberPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AssetDeleteV1", "AlbumV2", "AlbumToAssetDeleteV1", "SyncCompleteV1"], removed.Select(l => l.Type));
        Assert.Equal(later, removed[0].Data.GetProperty("assetId").GetString());
        Assert.Equal((albumId, later), Link(removed[2].Data));
        await memberPhone.AckAsync(removed.Select(l => l.Ack));

        // Someone the album is not shared with gets users and nothing else.
        using var strangerPhone = server.Client(stranger);
        Assert.Equal(["AuthUserV1", "UserV1", "UserV1", "UserV1", "SyncCompleteV1"], (await strangerPhone.SyncAsync(AppSyncTypes)).Select(l => l.Type));

        // Unshared: the album, its users and the owner's photo disappear from the member's phone; the owner's phone
        // learns that the member left.
        var ownerBefore = await ownerPhone.SyncAsync(AppSyncTypes);
        await ownerPhone.AckAsync(ownerBefore.Select(l => l.Ack));
        Assert.Equal(HttpStatusCode.NoContent, (await ownerPhone.DeleteAsync($"/api/v1/albums/{albumId}/users/{member.UserId}")).StatusCode);
        var unshared = await memberPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AssetDeleteV1", "AlbumDeleteV1", "AlbumUserDeleteV1", "SyncCompleteV1"], unshared.Select(l => l.Type));
        Assert.Equal(shared, unshared[0].Data.GetProperty("assetId").GetString());
        Assert.Equal(albumId, unshared[1].Data.GetProperty("albumId").GetString());
        Assert.Equal((albumId, member.UserId), (unshared[2].Data.GetProperty("albumId").GetString(), unshared[2].Data.GetProperty("userId").GetString()));
        var ownerSees = await ownerPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumUserDeleteV1", "SyncCompleteV1"], ownerSees.Select(l => l.Type));
        await memberPhone.AckAsync(unshared.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await memberPhone.SyncAsync(AppSyncTypes)).Select(l => l.Type));
    }

    [Fact]
    public async Task Deleting_a_shared_album_drops_other_users_photos_from_each_phone_but_never_a_phones_own()
    {
        var owner = await server.BootstrapAdminAsync();
        var editor = await server.CreateUserAsync(owner, "editor@example.com");
        using var ownerPhone = server.Client(owner);
        using var editorPhone = server.Client(editor);
        var ownersPhoto = await UploadAsync(ownerPhone, "Landscape_1.jpg");
        var editorsPhoto = await UploadAsync(editorPhone, "Portrait_1.jpg");
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(ownerPhone, TimeSpan.FromMinutes(1));
        var albumId = (await ownerPhone.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Trip", assetIds = new[] { ownersPhoto } },
            HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;
        await ShareAsync(ownerPhone, albumId, editor.UserId, "editor");
        await editorPhone.CallAsync(HttpMethod.Put, $"/api/albums/{albumId}/assets", new { ids = new[] { editorsPhoto } }, HttpStatusCode.OK, "BulkIdResponseDto[]");

        // An older app (V1 types): the album names its owner, the editor's photo is an album asset on the owner's phone.
        string[] v1Types = ["UsersV1", "AssetsV1", "AlbumsV1", "AlbumUsersV1", "AlbumAssetsV1", "AlbumToAssetsV1"];
        var ownerFirst = await ownerPhone.SyncAsync(v1Types);
        Assert.Equal([editorsPhoto], AssetIds(ownerFirst, "AlbumAssetCreateV1"));
        Assert.Equal(owner.UserId, Assert.Single(ownerFirst, l => l.Type == "AlbumV1").Data.GetProperty("ownerId").GetString());
        Assert.Equal(["editor", "owner"], ownerFirst.Where(l => l.Type == "AlbumUserV1").Select(l => l.Data.GetProperty("role").GetString()).Order());
        var editorFirst = await editorPhone.SyncAsync(AppSyncTypes);
        Assert.Equal([ownersPhoto], AssetIds(editorFirst, "AlbumAssetCreateV2"));
        Assert.Equal([editorsPhoto], AssetIds(editorFirst, "AssetV2"));
        await ownerPhone.AckAsync(ownerFirst.Select(l => l.Ack));
        await editorPhone.AckAsync(editorFirst.Select(l => l.Ack));

        Assert.Equal(HttpStatusCode.NoContent, (await ownerPhone.DeleteAsync($"/api/v1/albums/{albumId}")).StatusCode);
        var ownerAfter = await ownerPhone.SyncAsync(v1Types);
        Assert.Equal(["AssetDeleteV1", "AlbumDeleteV1", "SyncCompleteV1"], ownerAfter.Select(l => l.Type));
        Assert.Equal(editorsPhoto, ownerAfter[0].Data.GetProperty("assetId").GetString());
        var editorAfter = await editorPhone.SyncAsync(AppSyncTypes);
        Assert.Equal(["AssetDeleteV1", "AlbumDeleteV1", "AlbumUserDeleteV1", "SyncCompleteV1"], editorAfter.Select(l => l.Type));
        Assert.Equal(ownersPhoto, editorAfter[0].Data.GetProperty("assetId").GetString());
        Assert.All(new[] { ownerAfter, editorAfter }, lines => Assert.Equal(albumId, lines[1].Data.GetProperty("albumId").GetString()));
    }

    private static async Task<string> UploadAsync(HttpClient phone, string corpusName)
    {
        var bytes = await File.ReadAllBytesAsync(Uploads.CorpusFile($"exif-orientation-examples/{corpusName}"));
        var response = await phone.PostAsync("/api/assets", ImmichClient.MobileUpload(bytes, corpusName, corpusName));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task ShareAsync(HttpClient owner, string albumId, string userId, string role = "viewer") =>
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/albums/{albumId}/users", new { userIds = new[] { userId }, role })).StatusCode);

    private static List<string?> AssetIds(List<(string Type, JsonElement Data, string Ack)> lines, string type) =>
        lines.Where(l => l.Type == type).Select(l => l.Data.GetProperty("id").GetString()).ToList();

    private static (string?, string?) Link(JsonElement data) => (data.GetProperty("albumId").GetString(), data.GetProperty("assetId").GetString());
}
