using System.Net;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Web;

/// <summary>The server's static hosting of the built web app, against a small fake build.</summary>
public sealed class WebAppHostingTests
{
    [Fact]
    public async Task Hashed_assets_are_immutable_and_precompressed_index_is_revalidated_and_app_paths_fall_back_to_it()
    {
        var web = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(web, "assets"));
        await File.WriteAllTextAsync(Path.Combine(web, "index.html"), "<!doctype html><title>PiVault</title>");
        await File.WriteAllTextAsync(Path.Combine(web, "assets", "app-1234.js"), "console.log('plain')");
        await File.WriteAllTextAsync(Path.Combine(web, "assets", "app-1234.js.br"), "brotli bytes");
        try
        {
            await using var server = await TestServer.StartAsync(o => o with { WebDir = web });
            using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.BaseAddress };

            using var br = new HttpRequestMessage(HttpMethod.Get, "/assets/app-1234.js") { Headers = { { "Accept-Encoding", "gzip, br" } } };
            var script = await client.SendAsync(br);
            Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
            Assert.Equal("br", Assert.Single(script.Content.Headers.ContentEncoding));
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.Equal("brotli bytes", await script.Content.ReadAsStringAsync());
            Assert.Equal("console.log('plain')", await client.GetStringAsync("/assets/app-1234.js"));

            foreach (var path in new[] { "/", "/albums/123", "/s/some-share-key" })
            {
                var page = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
                Assert.Contains("<title>PiVault</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assets/missing-999.js")).StatusCode);
            Assert.DoesNotContain("root:", await client.GetStringAsync("/..%2F..%2F..%2F..%2Fetc%2Fpasswd"), StringComparison.Ordinal);
            await (await client.GetAsync("/api/v1/no-such-endpoint")).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            TempDir.Delete(web);
        }
    }
}
