using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml.Faces;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// People in headless chromium against a real server: the corpus' Obama photos go through thumbnails, faces (YuNet +
/// MobileFaceNet test models) and the people step; the search page's people row shows him unnamed, the person page
/// renames him in place, merges a hand-tagged person into him, picking him on the search page lists his photos, and the viewer boxes his face with the name.
/// </summary>
public sealed class PeopleBrowserTests
{
    private static readonly string[] Photos = ["obama.jpg", "obama3.jpg", "two_people.jpg"];

    [Fact]
    public async Task The_people_row_shows_a_clustered_person_who_is_renamed_on_their_page_searched_for_and_boxed_by_name_in_the_viewer()
    {
        await using var session = await WebAppSession.StartAsync();
        CorpusFaces.Link(session.Server.Options.ModelsRoot, "YuNet", "yunet_n_dynamic.onnx", "libfdt-yunet_n_dynamic.onnx");
        CorpusFaces.Link(session.Server.Options.ModelsRoot, "MobileFaceNet-test", "mobilefacenet.onnx", "vface-mobilefacenet.onnx");
        using var client = session.Server.Client(session.Admin);
        var ids = new Dictionary<string, string>();
        foreach (var name in Photos)
        {
            ids[name] = (await client.UploadAsync(File.ReadAllBytes(Path.Combine(CorpusFaces.Corpus, "face_recognition", name)), name)).Id;
        }
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));
        var face = Assert.Single((await client.GetFromJsonAsync<List<FaceDto>>($"/api/v1/assets/{ids["obama.jpg"]}/faces"))!);
        var personId = face.PersonId ?? throw new Xunit.Sdk.XunitException("Obama's three faces made no person");
        var obama = (await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{personId}"))!;
        Assert.Equal(Photos.Length, obama.Photos);

        // The people row on the search page: unnamed, so "Add a name", which opens the person page.
        var page = await session.LogInAsync();
        await page.GotoAsync("/search");
        var row = page.GetByTestId("people-row").Locator($"[data-id='{personId}']");
        await Expect(row.GetByRole(AriaRole.Link)).ToHaveTextAsync("Add a name");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/people/{personId}$"));
        await Expect(page.GetByTestId("person-photos")).ToHaveTextAsync($"{Photos.Length} photos");
        await Expect(page.GetByTestId("result")).ToHaveCountAsync(Photos.Length);

        // Rename in place: click the name, type, Enter; the server has the name, and a reload shows it.
        await page.GetByTestId("person-name").ClickAsync();
        await page.GetByLabel("Name").FillAsync("Barack Obama");
        await page.GetByLabel("Name").PressAsync("Enter");
        await Expect(page.GetByTestId("person-name")).ToHaveTextAsync("Barack Obama");
        Assert.Equal("Barack Obama", (await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{personId}"))!.Name);

        // "Is this the same person?": a person tagged by hand elsewhere is offered (not flagged as alike: no machine
        // faces to compare), picked and merged in; the server no longer has them.
        var zed = (await (await client.PostAsJsonAsync("/api/v1/people", new { name = "Zed" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<PersonDto>())!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Is this the same person?" }).ClickAsync();
        var candidate = page.GetByTestId("merge-candidate");
        await Expect(candidate).ToHaveCountAsync(1);
        await Expect(candidate).ToContainTextAsync("Zed");
        await Expect(candidate.Locator(".badge")).ToHaveCountAsync(0);
        await candidate.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Merged");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/people/{zed.Id}")).StatusCode);

        // Picking him on the search page: his photos, and the title names him.
        await page.GotoAsync("/search");
        await Expect(row.GetByRole(AriaRole.Link)).ToHaveTextAsync("Barack Obama");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"person={personId}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos of Barack Obama" })).ToBeVisibleAsync();
        var results = page.GetByTestId("result");
        await Expect(results).ToHaveCountAsync(Photos.Length);
        Assert.Equal(ids.Values.Order(), (await results.EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.id)")).Order());

        // The viewer: "Show faces" boxes his face with his name; the box leads to his page.
        await page.Locator($"[data-testid='result'][data-id='{ids["obama.jpg"]}']").ClickAsync();
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        await page.GetByTestId("faces-toggle").ClickAsync();
        var box = page.GetByTestId("face-box");
        await Expect(box).ToHaveCountAsync(1);
        await Expect(box).ToHaveTextAsync("Barack Obama");
        var size = (await box.BoundingBoxAsync())!;
        Assert.True(size.Width > 20 && size.Height > 20, $"face box {size.Width}×{size.Height}");
        await box.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/people/{personId}$"));
    }
}
