using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PiVault.Server.Data;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml.Faces;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Tagging faces by hand and a person's birthday in headless chromium against a real server, on a real corpus photo
/// (thumbnails made by the pipeline). The viewer's face boxes: a detected face nobody has (planted as the people step
/// leaves it, so no models run) is tagged as a new named person, then moved to another person; the person page sets
/// and removes a birthday (the face box then shows their age on the photo) and favourites the person.
/// </summary>
public sealed class FaceTaggingBrowserTests
{
    [Fact]
    public async Task A_detected_face_is_tagged_as_a_new_named_person_in_the_viewer_and_then_moved_to_another_person()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var assetId = await PhotoAsync(session, client);
        var faceId = PlantFace(session, assetId, personId: null);
        var michelle = await CreatePersonAsync(client, "Michelle");

        var page = await session.LogInAsync();
        await page.GotoAsync("/");
        await page.Locator($"[data-testid='tile'][data-id='{assetId}']").ClickAsync();
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        await page.GetByTestId("faces-toggle").ClickAsync();
        var box = page.GetByTestId("face-box");
        await Expect(box).ToHaveCountAsync(1);
        await Expect(box).ToHaveAttributeAsync("aria-label", "A face");

        // Nobody's face: type a new name, make the person.
        await page.GetByRole(AriaRole.Button, new() { Name = "Tag this face" }).ClickAsync();
        var tagger = page.GetByTestId("face-tagger");
        await tagger.GetByLabel("Name").FillAsync("Joe Biden");
        await tagger.GetByTestId("tag-new-person").ClickAsync();
        await Expect(tagger).ToHaveCountAsync(0);
        await Expect(box).ToHaveTextAsync("Joe Biden");
        var tagged = await FaceAsync(client, assetId, faceId);
        Assert.Equal("Joe Biden", tagged.PersonName);
        Assert.NotEqual(michelle, tagged.PersonId);

        // Not Joe after all: move the face to an existing person, picked from the list.
        await page.GetByRole(AriaRole.Button, new() { Name = "Not Joe Biden? Tag someone else" }).ClickAsync();
        await tagger.GetByLabel("Name").FillAsync("mich");
        await Expect(tagger.GetByTestId("tag-person")).ToHaveCountAsync(1);
        await tagger.GetByTestId("tag-person").ClickAsync();
        await Expect(box).ToHaveTextAsync("Michelle");
        Assert.Equal(michelle, (await FaceAsync(client, assetId, faceId)).PersonId);
    }

    [Fact]
    public async Task A_birthday_set_on_the_person_page_shows_their_age_on_the_face_and_can_be_removed_and_the_person_favourited()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var assetId = await PhotoAsync(session, client);
        var personId = await CreatePersonAsync(client, "Barack Obama");
        PlantFace(session, assetId, personId);
        var takenAt = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{assetId}")).GetProperty("takenAt").GetDateTimeOffset();
        const int Age = 30;
        var birthday = DateOnly.FromDateTime(takenAt.UtcDateTime).AddYears(-Age).AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await session.LogInAsync();
        await page.GotoAsync($"/people/{personId}");
        var born = page.GetByTestId("person-birthday");
        await born.GetByRole(AriaRole.Button, new() { Name = "Add a birthday" }).ClickAsync();
        await page.GetByLabel("Birthday").FillAsync(birthday);
        await born.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(born).ToContainTextAsync("Born ");
        Assert.Equal(birthday, (await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{personId}"))!.BirthDate);

        // Their photo in the viewer: the face box names them with their age that day.
        await page.GetByTestId("result").First.ClickAsync();
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        await page.GetByTestId("faces-toggle").ClickAsync();
        await Expect(page.GetByTestId("face-box")).ToHaveTextAsync($"Barack Obama, {Age}");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("viewer")).ToHaveCountAsync(0);

        await born.GetByRole(AriaRole.Button, new() { Name = "Remove birthday" }).ClickAsync();
        await Expect(born.GetByRole(AriaRole.Button, new() { Name = "Add a birthday" })).ToBeVisibleAsync();
        Assert.Null((await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{personId}"))!.BirthDate);
        Assert.Null((await FaceAsync(client, assetId, null)).Age);

        var favourite = page.GetByTestId("person-favorite");
        await Expect(favourite).ToHaveAttributeAsync("aria-pressed", "false");
        await favourite.ClickAsync();
        await Expect(favourite).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True((await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{personId}"))!.IsFavorite);
    }

    /// <summary>A real photo of the corpus, through the pipeline (its preview is what the viewer shows).</summary>
    private static async Task<string> PhotoAsync(WebAppSession session, HttpClient client)
    {
        var id = (await client.UploadAsync(File.ReadAllBytes(Path.Combine(CorpusFaces.Corpus, "face_recognition", "obama.jpg")), "obama.jpg")).Id;
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));
        return id;
    }

    /// <summary>A machine face in the middle of the photo, as the face and people steps store one.</summary>
    private static string PlantFace(WebAppSession session, string assetId, string? personId)
    {
        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        using var db = session.Server.Services.GetRequiredService<Database>().Open();
        session.Server.Services.GetRequiredService<FaceStore>().Insert(db, new FaceRecord(0, id, assetId, session.Admin.UserId, personId, 1440, 1080,
            560, 300, 880, 700, 0.9, FaceRecord.MachineLearning, VectorTable.Blob([1f, 0f]), "planted", now, now, 0));
        if (personId is not null)
        {
            session.Server.Services.GetRequiredService<PersonStore>().CoverIfNone(db, personId, id, now);
        }
        return id;
    }

    private static async Task<string> CreatePersonAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/people", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PersonDto>())!.Id;
    }

    private static async Task<FaceDto> FaceAsync(HttpClient client, string assetId, string? faceId)
    {
        var faces = (await client.GetFromJsonAsync<List<FaceDto>>($"/api/v1/assets/{assetId}/faces"))!;
        return faceId is null ? Assert.Single(faces) : Assert.Single(faces, f => f.Id == faceId);
    }
}
