using System.Net;
using System.Text;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The error shape follows the endpoint group, not the URL: Immich's body for everything under <c>/api</c> (matched or
/// not), RFC 9457 problem details under <c>/api/v1</c>, and the web app's page for neither, even while it is served.
/// </summary>
public sealed class ImmichErrorShapeTests : IAsyncLifetime
{
    private const string Page = "<!doctype html><title>PiVault page</title>";
    private readonly string web = TempDir.Create();
    private TestServer server = null!;
    private Credential admin = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(web, "index.html"), Page);
        server = await TestServer.StartAsync(o => o with { WebDir = web });
        admin = await server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        TempDir.Delete(web);
    }

    [Theory]
    [InlineData("GET", "/api/no/such/thing")]
    [InlineData("GET", "/api/assets/not-a-guid/no-such-part")]
    [InlineData("POST", "/api/no-such-endpoint")]
    [InlineData("GET", "/API/No-Such-Endpoint")]
    [InlineData("GET", "/api/no-such-file.json")]
    [InlineData("DELETE", "/api/users/me")] // a real path, a method it lacks
    public async Task Unmatched_immich_paths_get_immichs_404_not_the_web_page(string method, string path)
    {
        using var client = server.Client(admin);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal("There is no such API endpoint.", await response.AssertImmichErrorAsync(HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("GET", "/api/v1/no/such/thing")]
    [InlineData("POST", "/api/v1/no-such-endpoint")]
    [InlineData("GET", "/API/V1/No-Such-Endpoint")]
    [InlineData("GET", "/api/v1/no-such-file.json")]
    [InlineData("DELETE", "/api/v1/users/me")]
    public async Task Unmatched_pivault_paths_get_a_problem_404_not_the_web_page(string method, string path)
    {
        using var client = server.Client(admin);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal("There is no such API endpoint.", await response.AssertProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Pages_of_the_web_app_still_fall_back_to_its_index_even_when_their_name_starts_with_api()
    {
        using var client = server.Client();
        foreach (var path in new[] { "/albums/1", "/apiary", "/api-keys" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Page, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_body_that_does_not_bind_gets_the_shape_of_its_api()
    {
        using var client = server.Client(admin);
        static StringContent Broken() => new("{\"assets\": [", Encoding.UTF8, "application/json");
        await (await client.PostAsync("/api/assets/bulk-upload-check", Broken())).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync("/api/v1/albums", Broken())).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
