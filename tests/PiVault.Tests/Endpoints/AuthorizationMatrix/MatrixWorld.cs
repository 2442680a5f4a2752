using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Server.Features.Auth;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints.AuthorizationMatrix;

/// <summary>
/// One server for the whole matrix: an admin; user A, who owns everything the rows point at (a processed photo and
/// video in an album, an API key, share links: open, password-protected, expired); user B, a stranger to A's things;
/// user C, whose share link outlives C being disabled; user D, whom A's fresh albums are shared with; and a user the
/// admin rows disable and enable. Rows that change or delete something get a fresh thing of A's per cell.
/// </summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    public const string LinkPassword = "open sesame 123";

    private static readonly string[] Media = ["exif-samples/jpg/gps/DSCN0012.jpg", "file-type/fixture-mjpeg.mov"];

    private readonly Dictionary<string, Credential> keys = [];
    private readonly Dictionary<string, string> values = [];
    private readonly string libraryRoot = TempDir.Create();
    private int seed = 10_000;

    public ManualTime Time { get; } = new(DateTimeOffset.UtcNow);

    public TestServer Server { get; private set; } = null!;

    public Credential Admin { get; private set; } = null!;

    public Credential A { get; private set; } = null!;

    public Credential B { get; private set; } = null!;

    /// <summary>Share links by column: key, and the photo and video each reaches.</summary>
    public Dictionary<LinkColumn, (string Key, string Photo, string Video)> Links { get; } = [];

    /// <summary>A visitor's browser that unlocked the password-protected link (it holds the unlock cookie).</summary>
    public HttpClient UnlockedVisitor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(o => o with { LibraryRoots = [libraryRoot], LibraryWatch = false }, time: Time);
        Admin = await Server.BootstrapAdminAsync();
        A = await Server.CreateUserAsync(Admin, "a@example.com");
        B = await Server.CreateUserAsync(Admin, "b@example.com");
        var c = await Server.CreateUserAsync(Admin, "c@example.com");
        values["userD"] = await CreateUserAsync("d@example.com");
        values["pictured"] = values["userD"];
        using (var d = Server.Client(await Server.LoginAsync("d@example.com")))
        {
            var posted = await d.PostAsync("/api/users/profile-image", Uploads.Form(Picture, "me.jpg"));
            Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
            await PostAsync(d, "/api/v1/partners", new { sharedWithId = A.UserId }); // D (who has no photos) shares with A: A is D's partner
        }
        values["target"] = await CreateUserAsync("target@example.com");
        values["userA"] = A.UserId;
        values["queue"] = "metadata";
        values["bucket"] = "2008-10"; // DSCN0012.jpg was taken in October 2008
        values["libraryDir"] = Directory.CreateDirectory(Path.Combine(libraryRoot, "photos")).FullName;

        using var a = Server.Client(A);
        var (photo, video) = await UploadMediaAsync(a);
        values["photo"] = photo;
        values["video"] = video;
        (await a.PutAsJsonAsync($"/api/assets/{photo}/metadata", new { items = new[] { new { key = "mobile-app", value = new { iCloudId = "matrix" } } } }))
            .EnsureSuccessStatusCode(); // GET /api/assets/{id}/metadata/mobile-app finds it
        values["outside"] = (await a.UploadAsync(Uploads.RandomBytes(4000, 1), "not-shared.jpg")).Id;
        values["album"] = (await PostAsync(a, "/api/v1/albums", new { name = "A's album", assetIds = new[] { photo, video } })).GetProperty("id").GetString()!;
        values["apikey"] = (await PostAsync(a, "/api/v1/api-keys", new { name = "A's key", permissions = new[] { "asset.read" } }))
            .GetProperty("apiKey").GetProperty("id").GetString()!;
        values["person"] = (await PostAsync(a, "/api/v1/people", new { name = "Pat" })).GetProperty("id").GetString()!;
        values["face"] = await TagFaceAsync(a, photo, values["person"]);

        Links[LinkColumn.Open] = (await LinkAsync(a, new { type = "album", albumId = values["album"] }), photo, video);
        Links[LinkColumn.Locked] = (await LinkAsync(a, new { type = "individual", assetIds = new[] { photo, video }, password = LinkPassword }), photo, video);
        Links[LinkColumn.Unlocked] = Links[LinkColumn.Locked];
        Links[LinkColumn.Expired] = (await LinkAsync(a, new { type = "individual", assetIds = new[] { photo, video }, expiresAt = Time.GetUtcNow().AddHours(1) }), photo, video);
        using (var cClient = Server.Client(c))
        {
            var (cPhoto, cVideo) = await UploadMediaAsync(cClient);
            Links[LinkColumn.OwnerDisabled] = (await LinkAsync(cClient, new { type = "individual", assetIds = new[] { cPhoto, cVideo } }), cPhoto, cVideo);
        }
        Links[LinkColumn.Unknown] = ("no-such-link-key-00000000000", photo, video);

        using var admin = Server.Client(Admin);
        values["library"] = await NewLibraryAsync(admin);
        await WaitForThumbnailsAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{c.UserId}/disable", null)).StatusCode);
        UnlockedVisitor = Server.Client();
        var unlock = await UnlockedVisitor.PostAsJsonAsync($"/api/v1/shared/{Links[LinkColumn.Locked].Key}/unlock", new { password = LinkPassword });
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Time.Advance(TimeSpan.FromHours(2)); // the expiring link is now expired
    }

    /// <summary>
    /// A's key (the admin's for admin-only permissions) holding only <paramref name="permission"/>, or every permission
    /// its owner could grant except it; null stands for "no particular permission": then "all", or one unrelated permission.
    /// </summary>
    public async Task<Credential> KeyAsync(string? permission, bool holding)
    {
        var owner = permission is not null && Permission.IsAdminOnly(permission) ? Admin : A;
        var name = $"{owner.UserId}|{permission}|{holding}";
        if (!keys.TryGetValue(name, out var key))
        {
            string[] granted = (permission, holding) switch
            {
                (null, true) => [Permission.All],
                (null, false) => [Permission.ServerAbout],
                (_, true) => [permission],
                _ => Permission.Known.Where(p => p != Permission.All && p != permission && (owner == Admin || !Permission.IsAdminOnly(p))).ToArray(),
            };
            key = keys[name] = await Server.CreateApiKeyAsync(owner, granted);
        }
        return key;
    }

    /// <summary>The value of a {placeholder}; <c>new-…</c> ones make a fresh thing of A's each time.</summary>
    public async Task<string> ValueAsync(string name)
    {
        if (values.TryGetValue(name, out var value))
        {
            return value;
        }
        using var a = Server.Client(A);
        switch (name)
        {
            case "unique":
                return Guid.NewGuid().ToString("N");
            case "new-photo":
                return (await a.UploadAsync(FreshBytes(), "fresh.jpg")).Id;
            case "new-trashed":
                var trashed = await ValueAsync("new-photo");
                Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/v1/assets/{trashed}")).StatusCode);
                return trashed;
            case "new-album":
                return (await PostAsync(a, "/api/v1/albums", new { name = "Fresh", assetIds = new[] { values["photo"] } })).GetProperty("id").GetString()!;
            case "new-shared-album":
                var album = await ValueAsync("new-album");
                Assert.Equal(HttpStatusCode.OK, (await a.PutAsJsonAsync($"/api/v1/albums/{album}/users", new { userIds = new[] { values["userD"] } })).StatusCode);
                return album;
            case "new-key":
                return (await PostAsync(a, "/api/v1/api-keys", new { name = "fresh", permissions = new[] { "asset.read" } })).GetProperty("apiKey").GetProperty("id").GetString()!;
            case "new-face":
                return await TagFaceAsync(a, values["photo"], values["person"]);
            case "new-library":
                using (var admin = Server.Client(Admin))
                {
                    return await NewLibraryAsync(admin);
                }
            case "new-import":
                return (await PostAsync(a, "/api/v1/imports", new { })).GetProperty("id").GetString()!;
            case "memory":
                return values["memory"] = await ValueAsync("new-memory");
            case "new-memory":
                return (await PostAsync(a, "/api/memories", new { type = "on_this_day", data = new { year = 2020 }, memoryAt = "2020-01-01T00:00:00Z", assetIds = new[] { values["photo"] } }))
                    .GetProperty("id").GetString()!;
            case "stack":
                return values["stack"] = await ValueAsync("new-stack");
            case "new-stack":
                return (await PostAsync(a, "/api/v1/stacks", new { assetIds = new[] { await ValueAsync("new-photo"), await ValueAsync("new-photo") } })).GetProperty("id").GetString()!;
            case "tag":
                return values["tag"] = await ValueAsync("new-tag");
            case "new-tag":
                return (await PostAsync(a, "/api/v1/tags", new { name = $"tag-{Guid.NewGuid():N}" })).GetProperty("id").GetString()!;
            case "new-sharee":
                return await CreateUserAsync($"sharee-{Guid.NewGuid():N}@example.com");
            case "new-partner": // someone A newly shares with
                var sharee = await ValueAsync("new-sharee");
                await PostAsync(a, "/api/v1/partners", new { sharedWithId = sharee });
                return sharee;
            case "new-link":
                return (await PostAsync(a, "/api/v1/shared-links", new { type = "individual", assetIds = new[] { values["photo"] } })).GetProperty("id").GetString()!;
            default:
                throw new ArgumentException($"No value for {{{name}}}: add it to {nameof(MatrixWorld)}.", nameof(name));
        }
    }

    /// <summary>A folder library of A's over an (empty) folder inside the server's library root, made by the admin.</summary>
    private async Task<string> NewLibraryAsync(HttpClient admin) =>
        (await PostAsync(admin, "/api/v1/libraries", new { ownerId = A.UserId, importPaths = new[] { values["libraryDir"] } })).GetProperty("id").GetString()!;

    /// <summary>A profile picture: JPEG by its signature.</summary>
    public static byte[] Picture => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    /// <summary>Bytes no one has uploaded yet (uploads are deduplicated per user).</summary>
    public byte[] FreshBytes() => Uploads.RandomBytes(4000, Interlocked.Increment(ref seed));

    public Task<Credential> FreshSessionAsync(Credential who) =>
        Server.LoginAsync(who == Admin ? TestServer.AdminEmail : who == A ? "a@example.com" : "b@example.com");

    /// <summary>Until no job is pending or running (a retry waiting for the clock, which this test holds still, does not count).</summary>
    private static async Task WaitForThumbnailsAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var queues = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
            if (queues.EnumerateArray().All(q => q.GetProperty("pending").GetInt64() + q.GetProperty("running").GetInt64() == 0))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the pipeline did not finish: {queues}");
            await Task.Delay(100);
        }
    }

    private async Task<(string Photo, string Video)> UploadMediaAsync(HttpClient client)
    {
        var ids = new List<string>();
        foreach (var file in Media)
        {
            var (status, id, body) = await client.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile(file)), Path.GetFileName(file));
            Assert.True(status == HttpStatusCode.Created, body);
            ids.Add(id);
        }
        return (ids[0], ids[1]);
    }

    private async Task<string> CreateUserAsync(string email)
    {
        using var admin = Server.Client(Admin);
        return (await PostAsync(admin, "/api/v1/admin/users", new { email, name = email, password = TestServer.Password })).GetProperty("id").GetString()!;
    }

    private static async Task<string> LinkAsync(HttpClient owner, object request) =>
        (await PostAsync(owner, "/api/v1/shared-links", request)).GetProperty("key").GetString()!;

    /// <summary>A face of A's drawn by hand on one of A's photos (people and faces need no ML here).</summary>
    private static async Task<string> TagFaceAsync(HttpClient a, string photo, string person) =>
        (await PostAsync(a, $"/api/v1/assets/{photo}/faces", new { x = 10, y = 10, width = 40, height = 40, imageWidth = 100, imageHeight = 100, personId = person }))
            .GetProperty("id").GetString()!;

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task DisposeAsync()
    {
        UnlockedVisitor.Dispose();
        await Server.DisposeAsync();
        TempDir.Delete(libraryRoot);
    }
}

public enum Who
{
    Anonymous,
    A,
    B,
    Admin,
    KeyWith,
    KeyWithout,
}

public enum LinkColumn
{
    Open,
    Locked,
    Unlocked,
    Expired,
    OwnerDisabled,
    Unknown,
}
