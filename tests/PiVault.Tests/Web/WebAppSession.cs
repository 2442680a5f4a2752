using System.Net.Http.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>A server with the built web app (web/dist), its admin past the setup wizard, and a browser logged in as them.</summary>
public sealed class WebAppSession : IAsyncDisposable
{
    private WebAppSession(TestServer server, Credential admin, Chromium chromium)
    {
        Server = server;
        Admin = admin;
        Chromium = chromium;
    }

    public TestServer Server { get; }

    public Credential Admin { get; }

    public Chromium Chromium { get; }

    public static async Task<WebAppSession> StartAsync()
    {
        var server = await TestServer.StartAsync(o => o with { WebDir = Path.Combine(Uploads.RepoRoot, "web", "dist") });
        var admin = await server.BootstrapAdminAsync();
        using (var client = server.Client(admin))
        {
            (await client.PutAsJsonAsync("/api/v1/admin/settings", new { completeSetup = true })).EnsureSuccessStatusCode();
        }
        return new WebAppSession(server, admin, await Chromium.LaunchAsync());
    }

    /// <summary>Logs in through the login page (as the admin unless told) in a browser context of its own and waits for the timeline.</summary>
    public async Task<IPage> LogInAsync(string email = TestServer.AdminEmail)
    {
        var page = await Chromium.NewPageAsync(Server.BaseAddress);
        await page.GotoAsync("/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestServer.Password);
        await page.ClickAsync("button:has-text('Log in')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Server.DisposeAsync();
    }
}
