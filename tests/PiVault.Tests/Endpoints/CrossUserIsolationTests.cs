using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// User B, with a session or with an all-powerful API key, can do nothing to user A's asset: every attempt is a
/// 404 (never 403, which would confirm the id exists), listings do not show it, and afterwards it is untouched.
/// </summary>
public sealed class CrossUserIsolationTests : IClassFixture<CrossUserIsolationTests.TwoUsers>
{
    private readonly TwoUsers world;

    public CrossUserIsolationTests(TwoUsers world) => this.world = world;

    public static TheoryData<CredentialType, string> Cases()
    {
        var data = new TheoryData<CredentialType, string>();
        foreach (var credential in new[] { CredentialType.Session, CredentialType.ApiKey })
        {
            foreach (var operation in new[] { "read", "download", "download-range", "trash", "restore", "delete-permanently" })
            {
                data.Add(credential, operation);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task User_B_gets_404_for_every_operation_on_user_A_asset(CredentialType credential, string operation)
    {
        using var intruder = world.Server.Client(credential == CredentialType.Session ? world.BSession : world.BKey);
        var id = operation == "restore" ? world.ATrashedAssetId : world.AAssetId;
        var response = operation switch
        {
            "read" => await intruder.GetAsync($"/api/v1/assets/{id}"),
            "download" => await intruder.GetAsync($"/api/v1/assets/{id}/original"),
            "download-range" => await intruder.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}/original") { Headers = { Range = new(0, 10) } }),
            "trash" => await intruder.DeleteAsync($"/api/v1/assets/{id}"),
            "restore" => await intruder.PostAsync($"/api/v1/assets/{id}/restore", null),
            "delete-permanently" => await intruder.DeleteAsync($"/api/v1/assets/{id}?permanent=true"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        Assert.Equal("Asset not found.", await response.AssertProblemAsync(HttpStatusCode.NotFound));
        await world.AssertAUntouchedAsync();
    }

    [Theory]
    [InlineData(CredentialType.Session)]
    [InlineData(CredentialType.ApiKey)]
    public async Task User_B_listings_never_show_user_A_assets(CredentialType credential)
    {
        using var intruder = world.Server.Client(credential == CredentialType.Session ? world.BSession : world.BKey);
        var timeline = await intruder.GetFromJsonAsync<JsonElement>("/api/v1/assets");
        var items = timeline.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(world.BAssetId, items.Select(a => a.GetProperty("id").GetString()));
        Assert.All(items, a => Assert.Equal(world.BSession.UserId, a.GetProperty("ownerId").GetString()));
        Assert.Equal(0, (await intruder.GetFromJsonAsync<JsonElement>("/api/v1/trash")).GetArrayLength());

        // Emptying or restoring B's trash touches nothing of A's.
        await intruder.PostAsync("/api/v1/trash/empty", null);
        await intruder.PostAsync("/api/v1/trash/restore", null);
        await world.AssertAUntouchedAsync();
    }

    [Fact]
    public async Task Uploading_A_bytes_as_B_creates_B_own_asset_and_reveals_nothing_of_A()
    {
        using var intruder = world.Server.Client(world.BSession);
        var (status, id, result) = await intruder.UploadAsync(world.ABytes, "guess.jpg");
        Assert.NotEqual(world.AAssetId, id);
        Assert.Contains(result, new[] { "created", "duplicate" });
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK);
        await world.AssertAUntouchedAsync();
    }

    public sealed class TwoUsers : IAsyncLifetime
    {
        public TestServer Server { get; private set; } = null!;
        public Credential ASession { get; private set; } = null!;
        public Credential BSession { get; private set; } = null!;
        public Credential BKey { get; private set; } = null!;
        public string AAssetId { get; private set; } = "";
        public string ATrashedAssetId { get; private set; } = "";
        public string BAssetId { get; private set; } = "";
        public byte[] ABytes { get; } = Uploads.RandomBytes(30_000, 1);
        private readonly byte[] aTrashedBytes = Uploads.RandomBytes(30_000, 2);

        public async Task InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            ASession = await Server.BootstrapAdminAsync();
            BSession = await Server.CreateUserAsync(ASession, "b@example.com");
            BKey = await Server.CreateApiKeyAsync(BSession, "all");
            using var a = Server.Client(ASession);
            AAssetId = (await a.UploadAsync(ABytes, "a.jpg")).Id;
            ATrashedAssetId = (await a.UploadAsync(aTrashedBytes, "a-trashed.jpg")).Id;
            await a.DeleteAsync($"/api/v1/assets/{ATrashedAssetId}");
            using var b = Server.Client(BSession);
            BAssetId = (await b.UploadAsync(Uploads.RandomBytes(30_000, 3), "b.jpg")).Id;
        }

        public async Task AssertAUntouchedAsync()
        {
            using var a = Server.Client(ASession);
            var asset = await a.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{AAssetId}");
            Assert.False(asset.GetProperty("isTrashed").GetBoolean());
            Assert.Equal(ABytes, await a.GetByteArrayAsync($"/api/v1/assets/{AAssetId}/original"));
            var trashed = await a.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{ATrashedAssetId}");
            Assert.True(trashed.GetProperty("isTrashed").GetBoolean());
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
