using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Takeout;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>The Import page in headless chromium: upload both parts of a synthetic Takeout export, watch it finish, read what was skipped and open an album it filled.</summary>
public sealed class TakeoutImportBrowserTests
{
    [Fact]
    public async Task The_user_uploads_the_parts_and_reads_the_outcome()
    {
        var folder = TempDir.Create();
        try
        {
            var takeout = SyntheticTakeout.Build();
            var (zip, tgz) = takeout.WriteTo(folder);
            await using var session = await WebAppSession.StartAsync();
            var page = await session.LogInAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Import" }).ClickAsync();
            await page.GetByTestId("takeout-files").SetInputFilesAsync([zip, tgz]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 parts" }).ClickAsync();

            var import = page.GetByTestId("import").First;
            await Expect(import).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 60_000 });
            await Expect(import).ToContainTextAsync(Path.GetFileName(zip));
            await Expect(import.GetByTestId("import-counts")).ToContainTextAsync(
                $"{takeout.MediaEntries} of {takeout.MediaEntries} files");
            await Expect(import.GetByTestId("import-counts")).ToContainTextAsync($"{takeout.DistinctFiles} imported · 1 already here · {takeout.Skipped.Count} skipped");

            await import.GetByRole(AriaRole.Button, new() { Name = "What was skipped" }).ClickAsync();
            await Expect(page.GetByTestId("import-report").Locator("li")).ToHaveCountAsync(takeout.Skipped.Count);
            await Expect(page.GetByTestId("import-report")).ToContainTextAsync("notes.txt");

            await import.GetByRole(AriaRole.Button, new() { Name = "Albums" }).ClickAsync();
            var paris = page.GetByTestId("import-folder").Filter(new() { HasText = SyntheticTakeout.ParisTitle });
            await Expect(paris).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("import-folder").Filter(new() { HasText = "Photos from 2019" })).ToContainTextAsync("(not an album)");
            await paris.GetByRole(AriaRole.Link, new() { Name = SyntheticTakeout.ParisTitle }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/albums/[0-9a-f-]+$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = SyntheticTakeout.ParisTitle })).ToBeVisibleAsync();
        }
        finally
        {
            TempDir.Delete(folder);
        }
    }
}
