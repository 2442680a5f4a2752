using Microsoft.Playwright;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Debian's headless chromium driven by Playwright's bundled Node driver. Nothing is downloaded: the executable is
/// /usr/bin/chromium (installed by scripts/install-deps.sh) and browser downloads are switched off.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // 600k-iteration PBKDF2 logins and thumbnail jobs share two cores with the rest of the suite: be patient.
        Assertions.SetDefaultExpectTimeout(30_000);
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run scripts/install-deps.sh (apt package chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh context: its own cookies and storage, like another person's browser.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Screenshots go to PIVAULT_SCREENSHOTS_DIR (docs/screenshots when refreshing the README's), else a temp folder.</summary>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("PIVAULT_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, Uploads.RepoRoot)
            : Path.Combine(Path.GetTempPath(), "pivault-screenshots");
        Directory.CreateDirectory(dir);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png") });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
