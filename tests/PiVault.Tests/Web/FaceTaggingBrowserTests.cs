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

    [Fact]
    public async Task A_face_drawn_by_hand_is_tagged_made_the_cover_and_deleted_and_a_found_face_is_taken_from_its_person()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var withFace = await PhotoAsync(session, client);
        var michelle = await CreatePersonAsync(client, "Michelle");
        var planted = PlantFace(session, withFace, michelle);
        var drawnOn = await PhotoAsync(session, client, "biden.jpg");
        Assert.Empty((await client.GetFromJsonAsync<List<FaceDto>>($"/api/v1/assets/{drawnOn}/faces"))!);

        var page = await session.LogInAsync();
        await page.GotoAsync("/");
        await page.Locator($"[data-testid='tile'][data-id='{drawnOn}']").ClickAsync();
        var preview = page.GetByTestId("preview");
        await Expect(preview).ToBeVisibleAsync();

        // Draw a box from a quarter to a half of the picture's width and height, and say it is Michelle.
        await page.GetByTestId("draw-face").ClickAsync();
        await Expect(page.GetByTestId("face-drawer")).ToBeVisibleAsync();
        var shown = (await preview.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(shown.X + shown.Width * 0.25f, shown.Y + shown.Height * 0.25f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(shown.X + shown.Width * 0.4f, shown.Y + shown.Height * 0.4f, new() { Steps = 4 });
        await page.Mouse.MoveAsync(shown.X + shown.Width * 0.5f, shown.Y + shown.Height * 0.5f, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        var tagger = page.GetByTestId("face-tagger");
        await tagger.GetByLabel("Name").FillAsync("mich");
        await tagger.GetByTestId("tag-person").ClickAsync();
        await Expect(tagger).ToHaveCountAsync(0);
        var box = page.GetByTestId("face-box");
        await Expect(box).ToHaveTextAsync("Michelle");
        var drawn = await FaceAsync(client, drawnOn, null);
        Assert.Equal((michelle, "manual"), (drawn.PersonId, drawn.Source));
        Assert.Equal(0.25, (double)drawn.X1 / drawn.ImageWidth, 2);
        Assert.Equal(0.25, (double)drawn.Y1 / drawn.ImageHeight, 2);
        Assert.Equal(0.5, (double)drawn.X2 / drawn.ImageWidth, 2);
        Assert.Equal(0.5, (double)drawn.Y2 / drawn.ImageHeight, 2);
        Assert.Equal(planted, (await PersonAsync(client, michelle)).CoverFaceId);

        // This one as her cover, then it was not a face after all: the cover goes back to her other face.
        await page.GetByRole(AriaRole.Button, new() { Name = "Not Michelle? Tag someone else" }).ClickAsync();
        await tagger.GetByTestId("face-cover").ClickAsync();
        await Expect(tagger).ToHaveCountAsync(0);
        Assert.Equal(drawn.Id, (await PersonAsync(client, michelle)).CoverFaceId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Not Michelle? Tag someone else" }).ClickAsync();
        await tagger.GetByTestId("face-delete").ClickAsync();
        await Expect(box).ToHaveCountAsync(0);
        Assert.Empty((await client.GetFromJsonAsync<List<FaceDto>>($"/api/v1/assets/{drawnOn}/faces"))!);
        Assert.Equal(planted, (await PersonAsync(client, michelle)).CoverFaceId);

        // The found face on the other photo is not Michelle: taken from her, it stays a face of nobody.
        await page.Keyboard.PressAsync("Escape");
        await page.Locator($"[data-testid='tile'][data-id='{withFace}']").ClickAsync();
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        await page.GetByTestId("faces-toggle").ClickAsync();
        await Expect(box).ToHaveTextAsync("Michelle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not Michelle? Tag someone else" }).ClickAsync();
        await tagger.GetByTestId("face-unassign").ClickAsync();
        await Expect(box).ToHaveAttributeAsync("aria-label", "A face");
        Assert.Null((await FaceAsync(client, withFace, planted)).PersonId);
    }

    private static async Task<PersonDto> PersonAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<PersonDto>($"/api/v1/people/{id}"))!;

    /// <summary>A real photo of the corpus, through the pipeline (its preview is what the viewer shows).</summary>
    private static async Task<string> PhotoAsync(WebAppSession session, HttpClient client, string name = "obama.jpg")
    {
        var id = (await client.UploadAsync(File.ReadAllBytes(Path.Combine(CorpusFaces.Corpus, "face_recognition", name)), name)).Id;
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
