using System.Net;
using System.Net.Http.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The Immich app's folder view over real HTTP, answers checked against @immich/sdk 3.2.2's types: the folders that hold
/// the caller's photos, and a folder's photos (directly in it, not below, never trashed; another user's folders never).
/// </summary>
public sealed class ImmichFolderViewTests : ServerWithAdmin
{
    [Fact]
    public async Task The_folder_view_lists_the_callers_folders_and_the_photos_directly_in_one()
    {
        using var admin = Server.Client(Admin);
        using var bob = Server.Client(await Server.CreateUserAsync(Admin, "bob@example.com"));
        var photos = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            photos.Add((await admin.UploadAsync(Uploads.RandomBytes(3000, i), $"photo{i}.jpg")).Id);
        }
        var trashed = photos[2];
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/assets/{trashed}")).StatusCode);
        await bob.UploadAsync(Uploads.RandomBytes(3000, 9), "bobs.jpg");

        var folders = (await admin.GetFromJsonAsync<List<string>>("/api/view/folder/unique-paths"))!; // string[] in the SDK
        var folder = Assert.Single(folders);
        var originalPath = (await admin.GetAsync($"/api/assets/{photos[0]}", "AssetResponseDto")).GetProperty("originalPath").GetString()!;
        Assert.Equal(originalPath[..originalPath.LastIndexOf('/')], folder);
        Assert.DoesNotContain(folder, (await bob.GetFromJsonAsync<List<string>>("/api/view/folder/unique-paths"))!);

        var inFolder = await admin.GetAsync($"/api/view/folder?path={Uri.EscapeDataString(folder)}", "AssetResponseDto[]");
        Assert.Equal(photos.Take(2).Order(), inFolder.EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order());
        Assert.Empty((await bob.GetAsync($"/api/view/folder?path={Uri.EscapeDataString(folder)}", "AssetResponseDto[]")).EnumerateArray());
        var parent = folder[..folder.LastIndexOf('/')];
        Assert.Empty((await admin.GetAsync($"/api/view/folder?path={Uri.EscapeDataString(parent)}", "AssetResponseDto[]")).EnumerateArray()); // not below
        await (await admin.GetAsync("/api/view/folder")).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
    }
}
