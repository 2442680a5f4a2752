using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Web;

/// <summary>
/// Issue 07's stored XSS in the real browser. An admin, logged in with a cookie session, opens every file URL of every API
/// (own, Immich, share link: original, playback, thumbnail, preview) for files an attacker would plant: an SVG with a
/// script that an older server stored, SVG bytes an older server stored as a video, a web page, and a real JPEG whose
/// comment segment holds a web page with the same script. The script would retitle the page and create an
/// <c>all</c>-permission API key with the admin's cookie; a control proves it does exactly that when a file is served
/// as PiVault used to serve it. Afterwards: no title changed, no request to the key endpoint, no key.
/// </summary>
public sealed class ServedFilesBrowserTests
{
    private const string Marker = "PWNED";

    private const string Script =
        $"document.title = '{Marker}'; fetch('/api/v1/api-keys', {{ method: 'POST', credentials: 'include', headers: {{ 'content-type': 'application/json' }}, "
        + "body: JSON.stringify({ name: 'pwned', permissions: ['all'] }) });";

    private static readonly byte[] Svg = Encoding.UTF8.GetBytes(
        $"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script><![CDATA[{Script}]]></script></svg>");

    private static readonly byte[] Page = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><script>{Script}</script></body></html>");

    [Fact]
    public async Task No_file_PiVault_serves_runs_a_script_when_an_admin_opens_it()
    {
        await using var session = await WebAppSession.StartAsync();
        var page = await session.LogInAsync();
        using var owner = session.Server.Client(session.Admin);
        var keyRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api-keys", StringComparison.Ordinal))
            {
                keyRequests.Add(request.Url);
            }
        };

        var polyglot = JpegWithComment(await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg")), Page);
        await ControlAsync(page, owner, "drawing.svg", "image/svg+xml", Svg);
        await ControlAsync(page, owner, "polyglot.html", "text/html", polyglot);
        keyRequests.Clear();

        var (status, jpeg, _) = await owner.UploadAsync(polyglot, "polyglot.jpg");
        Assert.Equal(System.Net.HttpStatusCode.Created, status);
        var drawing = await OldServerRows.PlantAsync(session.Server, owner, Svg, "drawing.svg", "image/svg+xml", "image", seed: 11);
        var video = await OldServerRows.PlantAsync(session.Server, owner, Svg, "clip.mp4", "video/mp4", "video", seed: 12);
        var html = await OldServerRows.PlantAsync(session.Server, owner, Page, "page.html", "application/octet-stream", "other", seed: 13);
        await Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(3));
        var link = await owner.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds = new[] { jpeg, drawing, video, html }, allowDownload = true });
        var key = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();

        var visited = 0;
        foreach (var id in new[] { jpeg, drawing, video, html })
        {
            string[] urls =
            [
                $"/api/v1/assets/{id}/original", $"/api/v1/assets/{id}/original?download=true", $"/api/v1/assets/{id}/playback",
                $"/api/v1/assets/{id}/thumbnail", $"/api/v1/assets/{id}/thumbnail?size=preview",
                $"/api/assets/{id}/original", $"/api/assets/{id}/video/playback", $"/api/assets/{id}/thumbnail", $"/api/assets/{id}/thumbnail?size=fullsize",
                $"/api/v1/shared/{key}/assets/{id}/original", $"/api/v1/shared/{key}/assets/{id}/playback",
                $"/api/v1/shared/{key}/assets/{id}/thumbnail", $"/api/v1/shared/{key}/assets/{id}/thumbnail?size=preview",
            ];
            foreach (var url in urls)
            {
                Assert.NotEqual(Marker, await VisitAsync(page, url));
                visited++;
            }
        }
        await page.GotoAsync("/photos"); // anything a late script had started has had a whole navigation to show up
        Assert.Equal(52, visited);
        Assert.Empty(keyRequests);
        Assert.Empty((await owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).EnumerateArray());
    }

    /// <summary>
    /// The payload works: served from PiVault's origin as the old server served it (inline, no nosniff, no policy), it
    /// retitles the page and creates a key with the admin's cookie. The key is deleted again.
    /// </summary>
    private static async Task ControlAsync(IPage page, HttpClient owner, string name, string contentType, byte[] body)
    {
        await page.RouteAsync($"**/control/{name}", route => route.FulfillAsync(new() { Status = 200, ContentType = contentType, BodyBytes = body }));
        await page.GotoAsync($"/control/{name}");
        await Microsoft.Playwright.Assertions.Expect(page).ToHaveTitleAsync(Marker);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement keys;
        while ((keys = await owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the control script served as {contentType} made no API key");
            await Task.Delay(100);
        }
        foreach (var made in keys.EnumerateArray())
        {
            (await owner.DeleteAsync($"/api/v1/api-keys/{made.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Opens <paramref name="url"/> in the tab (a download leaves the blank page) and returns the title the document ends with.</summary>
    private static async Task<string> VisitAsync(IPage page, string url)
    {
        await page.GotoAsync("about:blank");
        try
        {
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        }
        catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal) || e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
        {
            // an attachment: the browser saves it and shows nothing
        }
        return await page.TitleAsync();
    }

    /// <summary>A real JPEG with <paramref name="comment"/> in a COM segment right after its SOI marker: still a valid JPEG.</summary>
    private static byte[] JpegWithComment(byte[] jpeg, byte[] comment)
    {
        var length = comment.Length + 2;
        byte[] segment = [0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. comment];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
